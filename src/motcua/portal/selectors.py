"""Read-only queries behind the public pages: what is in force today, grouped for browsing."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure
from motcua.catalog.search import search_procedures
from motcua.core.text import fold
from motcua.directory.models import AdministrativeUnit, Agency, Field

_THROUGH = Procedure.agencies.through


def _in_force_ids(on: date | None) -> QuerySet:
    return search_procedures(on=on).order_by().values("pk")


def fields_with_counts(on: date | None = None) -> list[Field]:
    """Fields that have procedures in force, each with ``procedure_count``, by name."""
    counts = dict(
        Procedure.objects.filter(pk__in=_in_force_ids(on))
        .order_by()
        .values_list("field_id")
        .annotate(n=Count("pk"))
    )
    fields = list(Field.objects.filter(pk__in=counts.keys()).order_by("name_search"))
    for item in fields:
        item.procedure_count = counts[item.pk]
    return fields


@dataclass
class AgencyGroup:
    label: str
    agencies: list[Agency] = field(default_factory=list)
    # Commune-level agencies are further grouped by commune (UBND, police…).
    communes: list[tuple[AdministrativeUnit, list[Agency]]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.agencies) + sum(len(members) for _name, members in self.communes)


# Commune-level units by kind, in the order a citizen expects to scan them.
_COMMUNE_KINDS = [
    (AdministrativeUnit.Kind.WARD, _("Phường")),
    (AdministrativeUnit.Kind.COMMUNE, _("Xã")),
    (AdministrativeUnit.Kind.SPECIAL_ZONE, _("Đặc khu")),
]


def agency_groups(on: date | None = None, *, committees_only: bool = False) -> list[AgencyGroup]:
    """Agencies implementing procedures in force, each with ``procedure_count``.

    Provincial agencies first, then commune-level ones grouped by kind of commune (ward, commune,
    special zone) and by commune. ``committees_only`` keeps, at commune level, only the People's
    Committees (the home page's short list).
    """
    on = on or timezone.localdate()
    counts = dict(
        _THROUGH.objects.filter(procedure_id__in=_in_force_ids(on))
        .order_by()
        .values_list("agency_id")
        .annotate(n=Count("procedure_id"))
    )
    agencies = Agency.objects.in_force(on).filter(pk__in=counts.keys())
    groups = _grouped(agencies, committees_only)
    for agency in members(groups):
        agency.procedure_count = counts[agency.pk]
    return groups


def filter_choices(on: date | None = None) -> tuple[list[Field], list[AgencyGroup]]:
    """Fields and agencies (grouped) for the list's filters, without counting: agencies and
    fields of any active procedure. Cheaper than the counts, which need every version in force,
    and run on every search."""
    on = on or timezone.localdate()
    fields = Field.objects.filter(
        Exists(Procedure.objects.filter(field=OuterRef("pk"), is_active=True))
    ).order_by("name_search")
    agencies = Agency.objects.in_force(on).filter(
        Exists(_THROUGH.objects.filter(agency=OuterRef("pk"), procedure__is_active=True))
    )
    return list(fields), _grouped(agencies, committees_only=False)


def members(groups: list[AgencyGroup]):
    """Every agency of ``groups``, in display order."""
    for group in groups:
        yield from group.agencies
        for _unit, agencies in group.communes:
            yield from agencies


def _grouped(agencies: QuerySet[Agency], committees_only: bool) -> list[AgencyGroup]:
    agencies = agencies.select_related("administrative_unit").order_by("sort_order", "name_search")
    province = AgencyGroup(_("Cơ quan cấp tỉnh"))
    by_kind = {kind: AgencyGroup(label) for kind, label in _COMMUNE_KINDS}
    other = AgencyGroup(_("Cơ quan khác"))
    communes: dict[str, dict[AdministrativeUnit, list[Agency]]] = {}
    for agency in agencies:
        if agency.level == Agency.Level.PROVINCE:
            province.agencies.append(agency)
            continue
        if committees_only and agency.kind != Agency.Kind.PEOPLES_COMMITTEE:
            continue
        unit = agency.administrative_unit
        if unit is None or unit.kind not in by_kind:
            other.agencies.append(agency)
            continue
        communes.setdefault(unit.kind, {}).setdefault(unit, []).append(agency)
    for kind, group in by_kind.items():
        group.communes = [
            (unit, sorted(members, key=_committee_first))
            for unit, members in sorted(
                communes.get(kind, {}).items(), key=lambda i: fold(i[0].name)
            )
        ]
    return [group for group in (province, *by_kind.values(), other) if group.size]


def _committee_first(agency: Agency) -> tuple[bool, str]:
    return (agency.kind != Agency.Kind.PEOPLES_COMMITTEE, agency.name_search)


def service_centre(on: date | None = None) -> Agency | None:
    """The provincial public-administration service centre: the portal's contact point."""
    return (
        Agency.objects.in_force(on or timezone.localdate())
        .filter(kind=Agency.Kind.SERVICE_CENTRE, level=Agency.Level.PROVINCE)
        .order_by("sort_order", "pk")
        .first()
    )
