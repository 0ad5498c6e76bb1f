"""The JSON API under /api/v1 (OpenAPI at /docs)."""

from fastapi import APIRouter

from pyroad.web.api import accounts, curriculum, events, running, submissions
from pyroad.web.api import adaptive as adaptive_api
from pyroad.web.api import authoring as authoring_api
from pyroad.web.api import downloads as downloads_api
from pyroad.web.api import mentoring as mentoring_api
from pyroad.web.api import review as review_api
from pyroad.web.api import teaching as teaching_api
from pyroad.web.api import teaching_reports as teaching_reports_api
from pyroad.web.api import tutor as tutor_api

router = APIRouter(prefix="/api/v1")
router.include_router(accounts.router)
router.include_router(curriculum.router)
router.include_router(submissions.router)
router.include_router(events.router)
router.include_router(running.router)
router.include_router(mentoring_api.router)
router.include_router(downloads_api.router)
router.include_router(teaching_api.router)
router.include_router(teaching_reports_api.router)
router.include_router(authoring_api.router)
router.include_router(tutor_api.router)
router.include_router(review_api.router)
router.include_router(adaptive_api.router)
