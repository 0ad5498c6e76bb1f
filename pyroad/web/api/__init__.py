"""The JSON API under /api/v1 (OpenAPI at /docs)."""

from fastapi import APIRouter

from pyroad.web.api import accounts, curriculum, submissions

router = APIRouter(prefix="/api/v1")
router.include_router(accounts.router)
router.include_router(curriculum.router)
router.include_router(submissions.router)
