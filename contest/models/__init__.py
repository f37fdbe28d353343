"""All models, importable from one place (Alembic and the app need every table registered)."""

from contest.models.audit import AuditEntry
from contest.models.contest import Contest, RecommendingUnit, ScoreItem, Venue
from contest.models.draw import Draw
from contest.models.imports import ImportBatch
from contest.models.late import LateScore, LateStatus
from contest.models.people import (
    Judge,
    Recusal,
    RecusalKind,
    StaffRole,
    StaffUser,
    host_venues,
)
from contest.models.results import AwardGrade, NationalSelection, TeamAward
from contest.models.scores import Channel, Deduction, ManualTieBreak, ScoreMark, ScoreSubmission
from contest.models.stage import Scene, StageState, TimerPhase
from contest.models.team import PresentationMode, Team, TeamStatus
from contest.models.types import utcnow

__all__ = [
    "AuditEntry",
    "AwardGrade",
    "Channel",
    "Contest",
    "Deduction",
    "Draw",
    "ImportBatch",
    "Judge",
    "LateScore",
    "LateStatus",
    "ManualTieBreak",
    "NationalSelection",
    "PresentationMode",
    "RecommendingUnit",
    "Recusal",
    "RecusalKind",
    "Scene",
    "ScoreItem",
    "ScoreMark",
    "ScoreSubmission",
    "StaffRole",
    "StaffUser",
    "StageState",
    "Team",
    "TeamAward",
    "TeamStatus",
    "TimerPhase",
    "Venue",
    "host_venues",
    "utcnow",
]

# The season's tables live with their area (contest/season/); registered here with the rest.
from contest.appeals import models as _appeal_models  # noqa: F401
from contest.fairdraw import models as _fairdraw_models  # noqa: F401
from contest.national import models as _national_models  # noqa: F401
from contest.pledge import models as _pledge_models  # noqa: F401
from contest.publicity import models as _publicity_models  # noqa: F401
from contest.review import models as _review_models  # noqa: F401
from contest.review import outcomes as _review_outcomes  # noqa: F401
from contest.season import models as _season_models  # noqa: F401
from contest.signatures import models as _signature_models  # noqa: F401
from contest.signing import models as _signing_models  # noqa: F401
from contest.supervision import models as _supervision_models  # noqa: F401
