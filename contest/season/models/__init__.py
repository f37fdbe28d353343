"""The season's rows, by part (units, people, applications, opinions); import them from here.

Relationships name each other by class name, so every part is imported before use.
"""

from contest.season.models.applications import (
    Application,
    ApplicationFile,
    ApplicationStatus,
    Decision,
    Extension,
    Outcome,
    ProblemReport,
    Stage,
    Submission,
)
from contest.season.models.opinions import UnitOpinion, UnitOpinionSubmission
from contest.season.models.people import (
    Applicant,
    Channel,
    Invitation,
    Membership,
    Message,
)
from contest.season.models.registrations import (
    Registration,
    RegistrationKind,
    RegistrationStatus,
)
from contest.season.models.unit_forms import UnitForm, UnitFormDraft, UnitFormVersion
from contest.season.models.units import (
    Enterprise,
    Recommender,
    Season,
    UnitJudge,
    UnitKind,
    UnitReport,
)

__all__ = [
    "Applicant",
    "Application",
    "ApplicationFile",
    "ApplicationStatus",
    "Channel",
    "Decision",
    "Enterprise",
    "Extension",
    "Invitation",
    "Membership",
    "Message",
    "Outcome",
    "ProblemReport",
    "Recommender",
    "Registration",
    "RegistrationKind",
    "RegistrationStatus",
    "Season",
    "Stage",
    "Submission",
    "UnitForm",
    "UnitFormDraft",
    "UnitFormVersion",
    "UnitJudge",
    "UnitKind",
    "UnitOpinion",
    "UnitOpinionSubmission",
    "UnitReport",
]
