"""Server-rendered pages (Jinja2). Thin: each calls the same services and views as the API.

One module per page family; this package only gathers their routers.
"""

from __future__ import annotations

from fastapi import APIRouter

from pyroad.web.pages import accounts, course, submissions
from pyroad.web.pages import adaptive as adaptive_pages
from pyroad.web.pages import authoring as authoring_pages
from pyroad.web.pages import mentoring as mentoring_pages
from pyroad.web.pages import teaching as teaching_pages
from pyroad.web.pages import teaching_reports as teaching_reports_pages

router = APIRouter(include_in_schema=False)
router.include_router(accounts.router)
router.include_router(course.router)
router.include_router(submissions.router)
router.include_router(mentoring_pages.router)
router.include_router(authoring_pages.router)
router.include_router(teaching_pages.router)
router.include_router(teaching_reports_pages.router)
router.include_router(adaptive_pages.router)
