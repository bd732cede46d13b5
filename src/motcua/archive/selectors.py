"""Read side of the archive: who sees which agencies' archive, the rule in force, the dossiers
that may be archived, the list with its filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce

from motcua.accounts.models import Role
from motcua.backoffice.access import units_for
from motcua.core.text import search_terms
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossiers_visible_to
from motcua.dossiers.states import TERMINAL_STATES, State

from .models import ArchiveRecord, RetentionRule

# Văn thư keeps the archive; the agency leader and the administrators oversee it.
ARCHIVE_ROLES = frozenset({Role.CLERK, Role.AGENCY_LEADER, Role.CENTRE_ADMIN, Role.PROVINCE_ADMIN})


def archive_units(user) -> frozenset[int] | None:
    """Units whose archive ``user`` may use; ``None``: every unit."""
    return units_for(user, ARCHIVE_ROLES)


def may_manage(user, agency_id: int) -> bool:
    units = archive_units(user)
    return units is None or agency_id in units


def may_destroy(user) -> bool:
    """Destruction is the province administrator's alone (and a superuser's)."""
    return bool(user.is_superuser) or archive_units(user) is None


def visible_records(user) -> QuerySet[ArchiveRecord]:
    qs = ArchiveRecord.objects.select_related("agency", "archived_by", "destroyed_by")
    units = archive_units(user)
    return qs if units is None else qs.filter(agency_id__in=units)


def rule_in_force(procedure_code: str, field_code: str, on: dt.date) -> RetentionRule | None:
    """The most specific rule in force on ``on``: the procedure's, its field's, the default.
    Within one scope the rule that took effect last wins."""
    rules = RetentionRule.objects.in_force(on).filter(
        Q(procedure_code=procedure_code, field_code="")
        | Q(procedure_code="", field_code=field_code)
        | Q(procedure_code="", field_code="")
    )

    def rank(rule: RetentionRule) -> tuple:
        specificity = 2 if rule.procedure_code else 1 if rule.field_code else 0
        return specificity, rule.valid_from or dt.date.min, rule.pk

    return max(rules, key=rank, default=None)


def archive_agency_id(dossier: Dossier) -> int:
    """The settling agency keeps what it received; a dossier closed before reception (not
    received, withdrawn) stays with the desk that handled it."""
    return dossier.settling_agency_id if dossier.received_at else dossier.receiving_agency_id


def closing_moment(dossier: Dossier) -> dt.datetime | None:
    if dossier.state not in TERMINAL_STATES:
        return None
    return dossier.returned_at if dossier.state == State.RETURNED else dossier.closed_at


def eligible_dossiers(agency_ids, until: dt.datetime) -> QuerySet[Dossier]:
    """Closed dossiers of ``agency_ids`` that ended before ``until`` and are not archived yet,
    oldest first."""
    return (
        dossiers_visible_to(None)
        .filter(state__in=TERMINAL_STATES, archive_record__isnull=True)
        .filter(
            Q(received_at__isnull=False, settling_agency_id__in=agency_ids)
            | Q(received_at__isnull=True, receiving_agency_id__in=agency_ids)
        )
        .annotate(ended_at=Coalesce("returned_at", "closed_at"))
        .filter(ended_at__lt=until)
        .order_by("ended_at", "id")
    )


@dataclass
class ArchiveFilters:
    q: str = ""
    year: int | None = None
    field_code: str = ""
    procedure_code: str = ""
    status: str = ""  # "", "retained", "due", "destroyed"
    agency_id: int | None = None


def archive_list(user, filters: ArchiveFilters, today: dt.date) -> QuerySet[ArchiveRecord]:
    qs = visible_records(user)
    for term in search_terms(filters.q):
        qs = qs.filter(
            Q(code__icontains=term)
            | Q(dossier_code__icontains=term)
            | Q(applicant_search__contains=term)
        )
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.field_code:
        qs = qs.filter(field_code=filters.field_code)
    if filters.procedure_code:
        qs = qs.filter(procedure_code=filters.procedure_code)
    if filters.agency_id:
        qs = qs.filter(agency_id=filters.agency_id)
    if filters.status == "retained":
        qs = qs.filter(destroyed_at__isnull=True).filter(
            Q(disposal_due_on__isnull=True) | Q(disposal_due_on__gt=today)
        )
    elif filters.status == "due":
        qs = due_for_disposal(qs, today)
    elif filters.status == "destroyed":
        qs = qs.filter(destroyed_at__isnull=False)
    return qs


def due_for_disposal(qs: QuerySet[ArchiveRecord], today: dt.date) -> QuerySet[ArchiveRecord]:
    return qs.filter(destroyed_at__isnull=True, disposal_due_on__lte=today).order_by(
        "disposal_due_on", "agency_id", "year", "number"
    )


def filter_choices(user) -> dict[str, list[tuple]]:
    """Years, fields, procedures and agencies present in the user's archive."""
    qs = visible_records(user).order_by()
    return {
        "years": sorted(set(qs.values_list("year", flat=True)), reverse=True),
        "fields": sorted(set(qs.exclude(field_code="").values_list("field_code", "field_name"))),
        "procedures": sorted(
            set(qs.exclude(procedure_code="").values_list("procedure_code", "procedure_name"))
        ),
        "agencies": sorted(
            set(qs.values_list("agency_id", "agency__name")), key=lambda row: row[1]
        ),
    }
