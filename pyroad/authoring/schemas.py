"""API shapes of authoring: drafts (the form's fields), gate problems, versions."""

from __future__ import annotations

from pydantic import BaseModel, Field

from pyroad.authoring.fields import ExerciseFields


class DraftOut(BaseModel):
    id: int
    source_slug: str | None  # the published exercise it edits (None: a new one)
    base_version: int | None
    fields: ExerciseFields
    updated_at: str


class DraftRef(BaseModel):
    id: int
    slug: str
    title: str
    source_slug: str | None
    base_version: int | None
    updated_at: str


class ProblemOut(BaseModel):
    field: str  # the form field it belongs to: slug, title, statement, tests, wrong.0 …
    file: str  # the file of the exercise folder the gate read
    line: int | None
    message: str


class CheckOut(BaseModel):
    ok: bool
    problems: list[ProblemOut]


class PublishedOut(BaseModel):
    slug: str
    version: int
    commit: str
    url: str


class UploadOut(BaseModel):
    published: list[str]  # "slug vN"
    commit: str


class VersionOut(BaseModel):
    slug: str
    version: int
    step: int
    title: str
    commit: str | None
    author: str | None
    message: str
    created_at: str
    withdrawn: bool


class AuthoredOut(BaseModel):
    slug: str
    title: str
    step: int
    version: int
    submissions: int  # learners' history on it (a slug with history cannot be renamed)
    url: str


class PreviewIn(BaseModel):
    markdown: str = Field(max_length=65_536)


class PreviewOut(BaseModel):
    html: str
