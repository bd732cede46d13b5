"""Scoring schemes as data: checking a definition, choosing the version in force, point
functions."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import audit

from .models import ScoringScheme


class SchemeMissing(ValidationError):
    """No formula version of a kind is configured: the pages scored by it say so."""


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
        raise SchemeMissing(
            _(
                "Chưa có phiên bản công thức “%(kind)s” nào được cấu hình; quản trị hệ thống "
                "thêm trong mục Phiên bản công thức đánh giá."
            )
            % {"kind": ScoringScheme.Kind(kind).label}
        )
    return found


def is_used(scheme: ScoringScheme, today: dt.date | None = None) -> bool:
    """Whether ``scheme`` has been in force (it may have scored a period already)."""
    today = today or timezone.localdate()
    return scheme.pk is not None and (scheme.valid_from is None or scheme.valid_from <= today)


# What a version that has been in force keeps: past periods are scored with it again.
FROZEN_WHEN_USED = ("kind", "valid_from", "definition")


def check_scheme(scheme: ScoringScheme, today: dt.date | None = None) -> None:
    """Raise ``ValidationError`` if ``scheme`` cannot be saved as it is: a version that has
    been in force keeps its kind, start and formulas (its name, source and end may change) — a
    correction is a new version from a later day, so that every period keeps the formulas it
    was scored with; two versions of a kind may not start on the same day."""
    if scheme.pk is not None:
        stored = ScoringScheme.objects.get(pk=scheme.pk)
        changed = [f for f in FROZEN_WHEN_USED if getattr(stored, f) != getattr(scheme, f)]
        if changed and is_used(stored, today):
            raise ValidationError(
                _(
                    "Phiên bản “%(code)s” đã có hiệu lực nên không sửa được công thức, loại hay "
                    "ngày hiệu lực; hãy tạo phiên bản mới có hiệu lực từ ngày sau."
                )
                % {"code": stored.code}
            )
    clash = ScoringScheme.objects.filter(kind=scheme.kind, valid_from=scheme.valid_from)
    if clash.exclude(pk=scheme.pk).exists():
        raise ValidationError(
            _("Đã có một phiên bản cùng loại có hiệu lực từ ngày này; chọn ngày khác.")
        )


@transaction.atomic
def save_scheme(scheme: ScoringScheme, *, actor=None, today: dt.date | None = None):
    """Validate (``check_scheme``, the definition) and save one formula version, audited."""
    created = scheme.pk is None
    if not created:
        ScoringScheme.objects.select_for_update().filter(pk=scheme.pk).exists()
    check_scheme(scheme, today)
    scheme.full_clean()
    scheme.save()
    audit.record(
        "reports.scheme_created" if created else "reports.scheme_changed",
        actor=actor,
        obj=scheme,
        summary=str(scheme),
    )
    return scheme


@transaction.atomic
def new_version(scheme: ScoringScheme, *, actor=None, today: dt.date | None = None):
    """A copy of ``scheme`` in force from tomorrow (or the day after its own start), to be
    corrected before that day comes."""
    today = today or timezone.localdate()
    start = max(today, scheme.valid_from or today) + dt.timedelta(days=1)
    taken = set(
        ScoringScheme.objects.filter(code__startswith=scheme.code).values_list("code", flat=True)
    )
    code = next(f"{scheme.code}-{n}" for n in range(2, 1000) if f"{scheme.code}-{n}" not in taken)
    copy = ScoringScheme(
        kind=scheme.kind,
        code=code,
        name=scheme.name,
        source=scheme.source,
        definition=scheme.definition,
        valid_from=start,
    )
    return save_scheme(copy, actor=actor, today=today)


def points(ratio: Decimal | None, max_points: float, full_at: float) -> Decimal:
    """``min(max, max × ratio / full_at)``: full marks from ``full_at`` up."""
    if ratio is None:
        return Decimal(0)
    maximum = Decimal(str(max_points))
    return min(maximum, maximum * ratio / Decimal(str(full_at)))


def quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
