"""Read side of the dossier aggregate for views, the API and reports. Every list starts from
``dossiers_visible_to`` so that no screen can show more than the permissions allow."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.core.text import search_terms

from .models import Dossier, HistoryEntry, Task
from .permissions import scope_of, visible_filter
from .states import OPEN_STATES


def dossiers_visible_to(user) -> QuerySet[Dossier]:
    """Dossiers ``user`` may see (see ``permissions``); ``None`` means the system (all)."""
    qs = Dossier.objects.select_related(
        "procedure_version__procedure", "case", "receiving_agency", "settling_agency"
    )
    q = visible_filter(user)
    return qs if q is None else qs.filter(q)


def get_visible(user, code: str) -> Dossier | None:
    """The dossier with ``code`` if ``user`` may see it (else ``None``: do not reveal that it
    exists)."""
    return dossiers_visible_to(user).filter(code=code).first()


def search(qs: QuerySet[Dossier], text: str) -> QuerySet[Dossier]:
    """Filter by code, applicant ID number or accent-insensitive applicant name."""
    for term in search_terms(text):
        qs = qs.filter(
            Q(code__icontains=term)
            | Q(applicant_id_number=term)
            | Q(applicant_name_search__contains=term)
        )
    return qs


def inbox(user) -> QuerySet[Task]:
    """Open tasks ``user`` can act on — assigned to them, or unassigned in a unit where they
    hold the task's role — soonest due first."""
    scope = scope_of(user)
    unassigned = Q(pk__in=[])
    for role, _agency, below in scope.memberships:
        unassigned |= Q(assignee__isnull=True, role=role, agency_id__in=below)
        unassigned |= Q(assignee__isnull=True, role="", agency_id__in=below)
    return (
        Task.objects.filter(status=Task.Status.OPEN)
        .filter(Q(assignee=user) | unassigned)
        .select_related("dossier", "agency", "assignee")
        .order_by("due_at", "id")
    )


def overdue(user, now: dt.datetime | None = None) -> QuerySet[Dossier]:
    """Received, undecided dossiers past their due moment, visible to ``user``."""
    now = now or timezone.now()
    return (
        dossiers_visible_to(user).filter(state__in=OPEN_STATES, due_at__lt=now).order_by("due_at")
    )


def history_of(dossier: Dossier) -> QuerySet[HistoryEntry]:
    return dossier.history.select_related("actor", "actor_unit", "task").order_by("seq")
