"""Every ORM model, imported in one place so Alembic and the app see the full schema."""

from pyroad.accounts.models import AuthToken, Role, TokenKind, User
from pyroad.db import Base
from pyroad.learning.models import Draft, HintUse
from pyroad.submissions.models import Submission, SubmissionStatus

__all__ = [
    "AuthToken",
    "Base",
    "Draft",
    "HintUse",
    "Role",
    "Submission",
    "SubmissionStatus",
    "TokenKind",
    "User",
]
