"""Read side of ratings and feedback: what each face lists, scoped by ``permissions``."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.directory.models import Agency
from motcua.portal.templatetags.portal_tags import localized_name

from . import permissions
from .models import FaqEntry, Feedback, SatisfactionRating

# Tabs of the officials' list: key → statuses (an empty tuple: all).
OFFICE_TABS: dict[str, tuple[str, ...]] = {
    "received": (Feedback.Status.RECEIVED,),
    "processing": (Feedback.Status.PROCESSING,),
    "answered": (Feedback.Status.ANSWERED,),
    "refused": (Feedback.Status.REFUSED,),
    "all": (),
}


def rating_of(dossier) -> SatisfactionRating | None:
    return SatisfactionRating.objects.filter(dossier=dossier).first()


def published_feedback() -> QuerySet[Feedback]:
    """Answers made public, newest first (the portal's list)."""
    return (
        Feedback.objects.filter(status=Feedback.Status.ANSWERED, published_at__isnull=False)
        .select_related("agency")
        .order_by("-published_at", "-id")
    )


def feedback_of(user) -> QuerySet[Feedback]:
    """What ``user`` sent while signed in, newest first."""
    return Feedback.objects.filter(sender=user).select_related("agency", "dossier")


def handled_by(user) -> QuerySet[Feedback]:
    """Feedback addressed to the agencies ``user`` handles (``permissions.handled_agencies``)."""
    qs = Feedback.objects.select_related("agency", "dossier")
    agencies = permissions.handled_agencies(user)
    return qs if agencies is None else qs.filter(agency_id__in=agencies)


def office_list(user, tab: str) -> tuple[QuerySet[Feedback], dict[str, int]]:
    """The tab's rows (waiting longest first, answered newest first) and the count per tab."""
    base = handled_by(user).order_by()
    counts = base.aggregate(
        **{
            key: Count("pk", filter=Q(status__in=statuses)) if statuses else Count("pk")
            for key, statuses in OFFICE_TABS.items()
        }
    )
    statuses = OFFICE_TABS.get(tab, ())
    rows = base.filter(status__in=statuses) if statuses else base
    if tab in ("answered", "refused", "all"):
        return rows.order_by("-received_at", "-id"), counts
    return rows.order_by("received_at", "id"), counts


def handled_item(user, pk: int) -> Feedback:
    """One item ``user`` handles; 404 otherwise (another agency's feedback is not revealed)."""
    item = handled_by(user).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def agency_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Agencies in force a citizen may address, grouped by level (units inside an agency are
    left out: the agency dispatches)."""
    agencies = (
        Agency.objects.in_force(timezone.localdate())
        .exclude(kind=Agency.Kind.DIVISION)
        .order_by("sort_order", "name_search")
    )
    groups: dict[str, list[tuple[int, str]]] = {}
    for agency in agencies:
        groups.setdefault(agency.level, []).append((agency.pk, localized_name(agency)))
    labels = dict(Agency.Level.choices)
    return [(str(labels[level]), groups[level]) for level in Agency.Level.values if level in groups]


def faq() -> QuerySet[FaqEntry]:
    return FaqEntry.objects.filter(published=True)
