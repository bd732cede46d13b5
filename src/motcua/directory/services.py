"""Shared e-catalogues: reading the effective-dated trees, and the one write path for them.

Agencies and administrative units form trees that change over time: the 2025 reform ended the
districts and merged provinces, so old rows stay with an end date and a successor. The checks
here keep those trees coherent: a unit never outlives its parent, a successor is in force when
its predecessor ends, and neither links can loop.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import audit
from motcua.core.models import EffectiveDated

from .models import AdministrativeUnit, Agency, Field
from .validators import validate_field_code, validate_identifier_code

_Dated = TypeVar("_Dated", Agency, AdministrativeUnit)

# --- codes -------------------------------------------------------------------------------------


def clean_identifier_code(value: str) -> str:
    """An agency's electronic identifier code, trimmed and checked (QĐ 20/2020)."""
    value = (value or "").strip()
    validate_identifier_code(value)
    return value


def clean_field_code(value: str) -> str:
    """A field (lĩnh vực) code, trimmed and checked."""
    value = (value or "").strip()
    validate_field_code(value)
    return value


# --- reading -----------------------------------------------------------------------------------


def agencies_in_force(on: date | None = None) -> QuerySet[Agency]:
    return Agency.objects.in_force(on or timezone.localdate())


def current_successor(item: _Dated, on: date | None = None) -> _Dated | None:
    """``item`` if in force on ``on`` (default today), else the successor in force then,
    following successor links through every later merger; ``None`` if the line ends."""
    on = on or timezone.localdate()
    seen: set[int] = set()
    node = item
    while node is not None and not node.in_force_on(on):
        if node.pk in seen:
            return None
        seen.add(node.pk)
        node = node.successor
    return node


def agency_tree(agencies: Iterable[Agency] | None = None) -> list[tuple[Agency, int]]:
    """``agencies`` (default: all) depth first, each with its depth; an agency whose parent is
    not among them is a root. Siblings follow the display order, then the name."""
    items = list(Agency.objects.all() if agencies is None else agencies)
    ids = {a.pk for a in items}
    children: dict[int | None, list[Agency]] = {}
    for agency in items:
        parent = agency.parent_id if agency.parent_id in ids else None
        children.setdefault(parent, []).append(agency)
    ordered: list[tuple[Agency, int]] = []
    stack = [(a, 0) for a in reversed(_siblings(children.get(None, [])))]
    while stack:
        agency, depth = stack.pop()
        ordered.append((agency, depth))
        stack.extend((c, depth + 1) for c in reversed(_siblings(children.get(agency.pk, []))))
    return ordered


def _siblings(agencies: list[Agency]) -> list[Agency]:
    return sorted(agencies, key=lambda a: (a.sort_order, a.name))


# --- checks ------------------------------------------------------------------------------------


def _period(item: EffectiveDated) -> str:
    start = f"{item.valid_from:%d/%m/%Y}" if item.valid_from else "…"
    end = f"{item.valid_to - timedelta(days=1):%d/%m/%Y}" if item.valid_to else "…"
    return f"{start} – {end}"


def _covers(outer: EffectiveDated, inner: EffectiveDated) -> bool:
    starts = outer.valid_from is None or (
        inner.valid_from is not None and outer.valid_from <= inner.valid_from
    )
    ends = outer.valid_to is None or (
        inner.valid_to is not None and inner.valid_to <= outer.valid_to
    )
    return starts and ends


def tree_errors(item: Agency | AdministrativeUnit) -> dict[str, list[str]]:
    """What is wrong with ``item``'s dates, parent and successor (empty: nothing)."""
    errors: dict[str, list[str]] = {}
    if item.valid_from and item.valid_to and item.valid_to <= item.valid_from:
        errors.setdefault("valid_to", []).append(_("Ngày hết hiệu lực phải sau ngày có hiệu lực."))
    parent = item.parent
    if parent is not None:
        if item.pk is not None and (parent.pk == item.pk or _has_ancestor(parent, item)):
            errors.setdefault("parent", []).append(
                _("Cấp trên không được là chính đơn vị này hoặc một đơn vị cấp dưới của nó.")
            )
        elif not _covers(parent, item):
            errors.setdefault("parent", []).append(
                _(
                    "Cấp trên “%(parent)s” phải còn hiệu lực trong suốt thời gian hiệu lực của "
                    "đơn vị này (cấp trên: %(outer)s; đơn vị này: %(inner)s)."
                )
                % {"parent": parent.name, "outer": _period(parent), "inner": _period(item)}
            )
    successor = item.successor
    if successor is not None:
        if item.valid_to is None:
            errors.setdefault("successor", []).append(
                _("Chỉ đặt đơn vị kế thừa khi đơn vị này có ngày hết hiệu lực.")
            )
        elif successor.pk == item.pk or _succeeds(successor, item):
            errors.setdefault("successor", []).append(
                _("Đơn vị kế thừa không được dẫn ngược về chính đơn vị này.")
            )
        elif not successor.in_force_on(item.valid_to):
            errors.setdefault("successor", []).append(
                _("Đơn vị kế thừa “%(name)s” phải có hiệu lực từ ngày %(date)s.")
                % {"name": successor.name, "date": f"{item.valid_to:%d/%m/%Y}"}
            )
    return errors


def _has_ancestor(node, target) -> bool:
    seen = set()
    while node is not None and node.pk not in seen:
        if node.pk == target.pk:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


def _succeeds(node, target) -> bool:
    seen = set()
    while node is not None and node.pk not in seen:
        if node.pk == target.pk:
            return True
        seen.add(node.pk)
        node = node.successor
    return False


# --- writing -----------------------------------------------------------------------------------


def _save(item, *, actor, kind: str, label: str):
    errors: dict[str, list[str]] = {}
    try:
        item.full_clean()
    except ValidationError as exc:
        errors = exc.message_dict
    if not isinstance(item, Field):
        for key, messages in tree_errors(item).items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    created = item.pk is None
    with transaction.atomic():
        item.save()
        audit.record(
            f"directory.{kind}.{'created' if created else 'updated'}",
            actor=actor,
            obj=item,
            summary=(_("Thêm %(what)s %(code)s") if created else _("Sửa %(what)s %(code)s"))
            % {"what": label, "code": item.code},
        )
    return item


def save_agency(agency: Agency, *, actor=None) -> Agency:
    """Validate (code, dates, parent, successor) and save an agency or unit; audited."""
    return _save(agency, actor=actor, kind="agency", label=_("cơ quan, đơn vị"))


def save_administrative_unit(unit: AdministrativeUnit, *, actor=None) -> AdministrativeUnit:
    """Validate (dates, parent, successor) and save an administrative unit; audited."""
    return _save(unit, actor=actor, kind="administrative_unit", label=_("đơn vị hành chính"))


def save_field(field: Field, *, actor=None) -> Field:
    """Validate (code) and save a field (lĩnh vực); audited."""
    return _save(field, actor=actor, kind="field", label=_("lĩnh vực"))
