"""Every ORM model, imported in one place so Alembic and the app see the full schema."""

from pyroad.accounts.models import AuthToken, Role, TokenKind, User
from pyroad.authoring.models import ExerciseDraft, ExerciseVersion
from pyroad.db import Base
from pyroad.learning.adaptive_models import Evidence, Placement, PlacementOutcome, PlacementStep
from pyroad.learning.models import Draft, HintUse, LessonRead
from pyroad.learning.review_models import ReviewCard, ReviewLog
from pyroad.submissions.models import ExerciseProgress, Submission, SubmissionStatus
from pyroad.teaching.mentoring_models import Comment, HelpRequest, HelpStatus
from pyroad.teaching.models import Assignment, Cohort, CohortMember, CohortRole, Invite
from pyroad.tutor.models import AnswerSource, TutorQuestion

__all__ = [
    "AnswerSource",
    "Assignment",
    "AuthToken",
    "Base",
    "Cohort",
    "CohortMember",
    "CohortRole",
    "Comment",
    "Draft",
    "Evidence",
    "ExerciseDraft",
    "ExerciseProgress",
    "ExerciseVersion",
    "HelpRequest",
    "HelpStatus",
    "HintUse",
    "Invite",
    "LessonRead",
    "Placement",
    "PlacementOutcome",
    "PlacementStep",
    "ReviewCard",
    "ReviewLog",
    "Role",
    "Submission",
    "SubmissionStatus",
    "TokenKind",
    "TutorQuestion",
    "User",
]
