"""Models of the dossier aggregate. Write them only through ``motcua.dossiers.services``."""

from .dossier import (
    Applicant,
    ApplicantKind,
    Dossier,
    DossierChannel,
    DossierCodeCounter,
    DossierComponent,
    DossierFee,
    DossierFile,
    DossierResult,
    ReturnMethod,
)
from .process import Extension, HistoryEntry, SupplementRequest, Task
from .rules import RuleVersion

__all__ = [
    "Applicant",
    "ApplicantKind",
    "Dossier",
    "DossierChannel",
    "DossierCodeCounter",
    "DossierComponent",
    "DossierFee",
    "DossierFile",
    "DossierResult",
    "Extension",
    "HistoryEntry",
    "ReturnMethod",
    "RuleVersion",
    "SupplementRequest",
    "Task",
]
