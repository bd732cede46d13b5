"""Scoring schemes as data: checking a definition, choosing the version in force, point
functions."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import ScoringScheme

# Measures the QĐ 766 scheme may name; each is computed in ``index766.py``.
MEASURES_766 = frozenset(
    {
        "catalog.publish_on_time",
        "catalog.update_on_time",
        "catalog.content_full",
        "dossiers.synced",
        "progress.on_time",
        "online.procedures",
        "online.services_used",
        "online.dossiers",
        "payment.dossiers",
        "payment.procedures",
        "payment.fee_data_synced",
        "satisfaction.dossiers",
        "satisfaction.feedback_on_time",
        "satisfaction.feedback_handled",
        "digitisation.electronic_result",
        "digitisation.digitised",
        "digitisation.reused",
        "digitisation.citizen_store",
        "digitisation.citizen_data_dossiers",
        "digitisation.citizen_data_procedures",
        "digitisation.certified_copies",
    }
)


def _number(value, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ValidationError(_("%(where)s: phải là số không âm.") % {"where": where})


def check_definition(kind: str, definition: dict) -> None:
    """Raise ``ValidationError`` (Vietnamese, naming the place) if ``definition`` is unusable."""
    if not isinstance(definition, dict):
        raise ValidationError(_("Định nghĩa công thức phải là một đối tượng JSON."))
    if kind == ScoringScheme.Kind.QD766:
        _check_766(definition)
    elif kind == ScoringScheme.Kind.TT01:
        _check_tt01(definition)
    else:
        raise ValidationError(_("Loại bộ chỉ số không hợp lệ."))


def _check_766(definition: dict) -> None:
    groups = definition.get("groups")
    if not isinstance(groups, list) or not groups:
        raise ValidationError(_("Thiếu danh sách nhóm chỉ số (groups)."))
    seen: set[str] = set()
    for g in groups:
        code = str(g.get("code", ""))
        if not code or not g.get("name"):
            raise ValidationError(_("Mỗi nhóm chỉ số cần mã (code) và tên (name)."))
        _number(g.get("max_points"), f"{code}.max_points")
        for ind in g.get("indicators") or []:
            where = f"{code}.{ind.get('code', '?')}"
            if not ind.get("code") or not ind.get("name"):
                raise ValidationError(_("%(where)s: cần mã và tên chỉ số.") % {"where": where})
            if ind["code"] in seen:
                raise ValidationError(_("%(where)s: mã chỉ số bị trùng.") % {"where": where})
            seen.add(ind["code"])
            if ind.get("measure") not in MEASURES_766:
                raise ValidationError(
                    _("%(where)s: phép đo “%(measure)s” không được hỗ trợ.")
                    % {"where": where, "measure": ind.get("measure")}
                )
            _number(ind.get("max_points"), f"{where}.max_points")
            _number(ind.get("full_at"), f"{where}.full_at")
            if not ind["full_at"]:
                raise ValidationError(_("%(where)s: full_at phải lớn hơn 0.") % {"where": where})
            if ind.get("when_empty") is not None:
                _number(ind["when_empty"], f"{where}.when_empty")


def _check_tt01(definition: dict) -> None:
    for name in ("staff_grades", "unit_grades"):
        grades = definition.get(name)
        if not isinstance(grades, list) or not grades:
            raise ValidationError(_("Thiếu thang xếp loại %(name)s.") % {"name": name})
        for grade in grades:
            _number(grade.get("min"), f"{name}.min")
            if not grade.get("label"):
                raise ValidationError(_("%(name)s: mỗi mức cần nhãn.") % {"name": name})
    for name in ("staff_indices", "unit_indices"):
        indices = definition.get(name)
        if not isinstance(indices, list) or not set(indices) <= set(range(1, 10)):
            raise ValidationError(_("%(name)s: chỉ số phải từ 1 đến 9.") % {"name": name})


def scheme_for(kind: str, on: dt.date) -> ScoringScheme:
    """The scheme of ``kind`` in force on ``on`` (the last day of the period scored); the
    earliest one for days before any."""
    rows = ScoringScheme.objects.filter(kind=kind)
    found = rows.in_force(on).order_by("-valid_from").first()
    if found is None:
        found = rows.order_by("valid_from").first()
    if found is None:
        raise ValidationError(_("Chưa có công thức đánh giá nào được cấu hình."))
    return found


def points(ratio: Decimal | None, max_points: float, full_at: float) -> Decimal:
    """``min(max, max × ratio / full_at)``: full marks from ``full_at`` up."""
    if ratio is None:
        return Decimal(0)
    maximum = Decimal(str(max_points))
    return min(maximum, maximum * ratio / Decimal(str(full_at)))


def quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
