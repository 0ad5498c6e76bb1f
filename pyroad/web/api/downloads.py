"""What `pyroad download` fetches: an exercise's visible part, so `pyroad test` can grade
the visible probes locally with the server's own judge (see pyroad.curriculum.download)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from pyroad.curriculum import suggest
from pyroad.curriculum.download import package
from pyroad.errors import DomainError
from pyroad.web.deps import CatalogDep, CurrentUser, PlatformDep
from pyroad.web.errors import problem_responses

router = APIRouter(tags=["curriculum"])


class NotPinned(DomainError):
    """The exercise's expectations are not pinned and this process cannot compute them."""

    status = 503
    title = "Expectations unavailable"


@router.get("/exercises/{slug}/download", responses=problem_responses(401, 404))
def download(slug: str, user: CurrentUser, platform: PlatformDep, catalog: CatalogDep) -> Any:
    """The exercise for working offline: statement, starter, the setup its probes run after,
    and every visible probe with its expected observation (hidden probes stay here: they
    run only on submit; `tests_hidden` says how many)."""
    exercise = suggest.require_exercise(catalog, slug)
    visible = {probe.name for probe in exercise.tests if probe.visible}
    pinned = exercise.pinned or {}
    if not visible <= pinned.keys():
        grader = platform.expectations_grader()
        if grader is None:
            raise NotPinned(
                f"exercise {slug!r} has no pinned expectations and this server does not grade; "
                "run `pyroad curriculum check --update` on the curriculum"
            )
        pinned = grader.expectations(exercise).tests
    return package(exercise, pinned)
