"""Catalogue search: the procedures a citizen can use on a given day, found by accent-free terms.

The same queries run on SQLite and PostgreSQL. Every term of the query is folded with
``motcua.core.text.fold`` and must occur in ``Procedure.name_search`` (national code + name,
folded) or in the lower-cased English name, so "giay phep xay dung" finds "Giấy phép xây dựng".
These are plain ``LIKE '%term%'`` filters; on PostgreSQL the trigram GIN indexes created by the
portal app's migration ``0001_trigram_indexes`` serve them.
"""

from datetime import date

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Length, Lower, Substr
from django.utils import timezone

from motcua.core.text import search_terms
from motcua.directory.models import Agency, Field

from .models import ComponentRequirement, Fee, Procedure, ProcedureVersion


def versions_in_force(on: date | None = None) -> QuerySet[ProcedureVersion]:
    """Published versions whose period contains ``on``, the most recently effective first.

    An empty ``effective_from`` counts as "since publication" and an empty ``effective_to`` as
    "until further notice", like every other effective-dated row in the system.
    """
    on = on or timezone.localdate()
    return (
        ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
        .filter(Q(effective_from__isnull=True) | Q(effective_from__lte=on))
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
        # NULLS LAST explicitly: SQLite and PostgreSQL disagree on where NULLs sort by default.
        .order_by(F("effective_from").desc(nulls_last=True), "-number")
    )


def search_procedures(
    query: str = "",
    *,
    field: Field | str | None = None,
    agency: Agency | str | None = None,
    agency_level: str | None = None,
    online_level: str | None = None,
    on: date | None = None,
) -> QuerySet[Procedure]:
    """Active procedures with a version in force on ``on`` (default today) matching every term.

    ``field`` and ``agency`` accept an instance or a code. Each row carries the annotations
    ``current_version_id`` and ``current_online_level`` (of the version in force). Rows come best
    match first (exact national code, then the whole query at the start of a word, then the
    whole query anywhere, then the terms scattered), then by folded name.
    """
    current = versions_in_force(on).filter(procedure=OuterRef("pk"))
    procedures = (
        # EXISTS lets the database semi-join the versions instead of running the "current
        # version" subquery for every procedure; that one only runs for the rows returned.
        Procedure.objects.filter(Exists(current), is_active=True)
        .select_related("field")
        .annotate(
            current_version_id=Subquery(current.values("pk")[:1]),
            current_online_level=Subquery(current.values("online_level")[:1]),
        )
    )
    if field:
        procedures = procedures.filter(
            **({"field": field} if isinstance(field, Field) else {"field__code": field})
        )
    if agency:
        procedures = procedures.filter(
            **({"agencies": agency} if isinstance(agency, Agency) else {"agencies__code": agency})
        )
    if agency_level:
        procedures = procedures.filter(agency_level=agency_level)
    if online_level:
        procedures = procedures.filter(current_online_level=online_level)

    # Sort by the folded name without its leading national code.
    sort_name = Substr("name_search", Length("national_code") + 2)
    terms = search_terms(query)
    if not terms:
        return procedures.order_by(sort_name, "national_code")

    procedures = procedures.annotate(name_en_lower=Lower("name_en"))
    for term in terms:
        procedures = procedures.filter(
            Q(name_search__contains=term) | Q(name_en_lower__contains=term)
        )
    phrase = " ".join(terms)
    rank = Case(
        When(national_code=phrase, then=Value(0)),
        When(name_search__contains=f" {phrase}", then=Value(1)),
        When(Q(name_search__contains=phrase) | Q(name_en_lower__contains=phrase), then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return procedures.annotate(rank=rank).order_by("rank", sort_name, "national_code")


def public_version(procedure: Procedure, on: date | None = None) -> ProcedureVersion | None:
    """The published version of ``procedure`` in force on ``on``, with everything its public
    page shows (unlike ``services.version_in_force``, never a retired one)."""
    return (
        versions_in_force(on)
        .filter(procedure=procedure)
        .prefetch_related(
            "cases",
            Prefetch("components", ComponentRequirement.objects.select_related("case")),
            Prefetch("fees", Fee.objects.select_related("case")),
            "result_types",
        )
        .first()
    )
