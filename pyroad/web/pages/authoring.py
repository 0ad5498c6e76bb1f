"""Authoring pages: the author's desk (drafts, published exercises, upload) and the editor.

Thin: the editor page is the form; author.js saves, checks and publishes through the
authoring API, and shows each gate problem next to its field.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from pyroad.authoring import fields as form
from pyroad.authoring import services
from pyroad.authoring.upload import MAX_ZIP_BYTES
from pyroad.web.api.authoring import authored_out, draft_out, draft_ref
from pyroad.web.deps import OptionalUser, PlatformDep, SessionDep
from pyroad.web.pages.render import login_redirect, render

router = APIRouter(include_in_schema=False)


@router.get("/author", response_class=HTMLResponse)
def desk(request: Request, user: OptionalUser, session: SessionDep) -> Response:
    if user is None:
        return login_redirect(request)
    services.require_author(user)
    drafts = [draft_ref(draft) for draft in services.list_drafts(session, user)]
    published = [authored_out(session, row) for row in services.published_authored(session)]
    return render(
        request,
        "author_desk.html",
        user,
        drafts=drafts,
        published=published,
        max_zip_kib=MAX_ZIP_BYTES // 1024,
    )


@router.get("/author/drafts/{draft_id}", response_class=HTMLResponse)
def editor(
    request: Request,
    draft_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    user: OptionalUser,
    session: SessionDep,
    platform: PlatformDep,
) -> Response:
    if user is None:
        return login_redirect(request)
    draft = services.get_draft(session, user, draft_id)
    lessons = [(lesson.slug, lesson.title, lesson.step) for lesson in platform.catalog.lessons]
    return render(
        request,
        "author_edit.html",
        user,
        draft=draft_out(draft).model_dump(mode="json"),
        lessons=lessons,
        tests_template=form.TESTS_TEMPLATE,
    )
