"""Procedure versions: the one write path for drafting, publishing and retiring them.

A version is written only while it is a draft. Publishing checks that it can be processed
(cases, internal process, time budgets), stamps it and ends the version it replaces on the day
the new one takes effect; from then on it is frozen (the models refuse any other write), and a
change of rules means a new draft, usually copied from the version in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.core import audit

from .models import (
    Case,
    Channel,
    ProcedureVersion,
    ProcessAction,
    ProcessStep,
    TargetGroup,
    TimeUnit,
)

Status = ProcedureVersion.Status
WORKING_HOURS_PER_DAY = Decimal(8)
# The most working hours a calendar span can hold: every day counted as a working day. A budget
# above this can never fit, whatever the calendar; below it the deadline engine decides.
_UPPER_BOUND_DAYS = {TimeUnit.CALENDAR_DAYS: Decimal(1), TimeUnit.MONTHS: Decimal(31)}


@dataclass(frozen=True)
class PublicationIssue:
    """Why a version cannot be published: the list and row (``obj``) at fault, and the field."""

    list_name: str
    obj: models.Model | None
    field: str
    message: str


def limit_in_working_hours(case: Case) -> Decimal | None:
    """The most working hours the case's time limit allows (``None``: no limit)."""
    if case.time_limit is None:
        return None
    if case.time_unit == TimeUnit.WORKING_HOURS:
        return case.time_limit
    if case.time_unit == TimeUnit.WORKING_DAYS:
        return case.time_limit * WORKING_HOURS_PER_DAY
    return case.time_limit * _UPPER_BOUND_DAYS[case.time_unit] * WORKING_HOURS_PER_DAY


def steps_of_case(steps: list[ProcessStep], case: Case) -> list[ProcessStep]:
    """The process a dossier of ``case`` follows: its own steps if any, else the general ones."""
    return [s for s in steps if s.case_id == case.pk] or [s for s in steps if s.case_id is None]


def publication_issues(version: ProcedureVersion) -> list[PublicationIssue]:
    """Everything that stops ``version`` from being published (empty: it can be)."""
    cases = list(version.cases.order_by("sort_order", "id"))
    steps = list(version.process_steps.order_by("order", "id"))
    case_ids = {c.pk for c in cases}
    issues: list[PublicationIssue] = []
    if not cases:
        issues.append(
            PublicationIssue(
                "cases", None, "", _("Phiên bản phải có ít nhất một trường hợp giải quyết.")
            )
        )
    for key, choices in (("channels", Channel), ("target_groups", TargetGroup)):
        values = getattr(version, key)
        if not values:
            issues.append(
                PublicationIssue(
                    "",
                    None,
                    key,
                    _("Phải có ít nhất một giá trị: %(choices)s.")
                    % {"choices": ", ".join(choices.values)},
                )
            )
        elif not isinstance(values, list) or any(v not in choices.values for v in values):
            issues.append(
                PublicationIssue(
                    "",
                    None,
                    key,
                    _("Chỉ nhận các giá trị: %(choices)s.")
                    % {"choices": ", ".join(choices.values)},
                )
            )
    for list_name in ("components", "fees", "process_steps"):
        for row in getattr(version, list_name).all():
            if row.case_id is not None and row.case_id not in case_ids:
                issues.append(
                    PublicationIssue(
                        list_name, row, "case", _("Trường hợp không thuộc phiên bản này.")
                    )
                )
    for step in steps:
        if step.role not in Role.values:
            issues.append(
                PublicationIssue(
                    "process_steps",
                    step,
                    "role",
                    _("Vai trò “%(role)s” không có trong danh mục vai trò.") % {"role": step.role},
                )
            )
        unknown = [a for a in step.allowed_actions if a not in ProcessAction.values]
        if unknown:
            issues.append(
                PublicationIssue(
                    "process_steps",
                    step,
                    "allowed_actions",
                    _("Thao tác không hợp lệ: %(actions)s.") % {"actions": ", ".join(unknown)},
                )
            )
    issues += _order_issues(steps)
    for case in cases:
        limit = limit_in_working_hours(case)
        total = sum((s.time_budget_hours for s in steps_of_case(steps, case)), Decimal(0))
        if limit is not None and total > limit:
            issues.append(
                PublicationIssue(
                    "cases",
                    case,
                    "time_limit",
                    _(
                        "Tổng thời gian các bước xử lý (%(total)s giờ làm việc) vượt thời hạn "
                        "giải quyết của trường hợp (%(limit)s giờ làm việc)."
                    )
                    % {"total": _plain(total), "limit": _plain(limit)},
                )
            )
    return issues


def _order_issues(steps: list[ProcessStep]) -> list[PublicationIssue]:
    """Each scope (the general process, and each case's own) is numbered 1..n without gaps."""
    scopes: dict[int | None, list[ProcessStep]] = {}
    for step in steps:
        scopes.setdefault(step.case_id, []).append(step)
    issues = []
    for items in scopes.values():
        orders = [s.order for s in items]
        if orders != list(range(1, len(items) + 1)):
            expected = set(range(1, len(items) + 1))
            seen: set[int] = set()
            culprit = items[0]
            for step in items:
                if step.order in seen or step.order not in expected:
                    culprit = step
                    break
                seen.add(step.order)
            issues.append(
                PublicationIssue(
                    "process_steps",
                    culprit,
                    "order",
                    _(
                        "Các bước xử lý phải đánh số liên tục từ 1 đến %(n)d, không trùng, "
                        "không bỏ số (đang có: %(orders)s)."
                    )
                    % {"n": len(items), "orders": ", ".join(str(o) for o in orders)},
                )
            )
    return issues


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _raise(issues: list[PublicationIssue]) -> None:
    if issues:
        raise ValidationError([issue.message for issue in issues], code="not_publishable")


def _editable(version: ProcedureVersion) -> None:
    if version.status != Status.DRAFT:
        raise ValidationError(
            _("Chỉ sửa được phiên bản dự thảo; phiên bản %(number)d đã công bố hoặc hết hiệu lực.")
            % {"number": version.number},
            code="version_locked",
        )


def _next_number(procedure) -> int:
    return (procedure.versions.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def save_procedure(procedure, *, actor=None):
    """Validate and save a procedure's identity (codes, name, field, level); audited.

    Its agencies are a many-to-many set the caller saves after this (forms do it themselves).
    """
    procedure.full_clean()
    created = procedure.pk is None
    procedure.save()
    audit.record(
        "catalog.procedure.created" if created else "catalog.procedure.updated",
        actor=actor,
        obj=procedure,
        summary=(_("Thêm thủ tục %(code)s") if created else _("Sửa thủ tục %(code)s"))
        % {"code": procedure.national_code},
    )
    return procedure


@transaction.atomic
def save_draft(version: ProcedureVersion, *, actor=None) -> ProcedureVersion:
    """Validate and save the fields of a draft version; audited. Published ones are refused."""
    stored = ProcedureVersion.objects.filter(pk=version.pk).first()
    _editable(stored or version)
    version.full_clean()
    version.save()
    audit.record(
        "catalog.version.edited",
        actor=actor,
        obj=version,
        summary=_("Sửa dự thảo phiên bản %(number)d của thủ tục %(code)s")
        % {"number": version.number, "code": version.procedure.national_code},
    )
    return version


@transaction.atomic
def create_draft(procedure, *, actor=None, **fields) -> ProcedureVersion:
    """A new, empty draft numbered after the procedure's last version."""
    version = ProcedureVersion(
        procedure=procedure, number=_next_number(procedure), status=Status.DRAFT, **fields
    )
    version.full_clean()
    version.save()
    audit.record(
        "catalog.version.drafted",
        actor=actor,
        obj=version,
        summary=_("Tạo dự thảo phiên bản %(number)d của thủ tục %(code)s")
        % {"number": version.number, "code": procedure.national_code},
    )
    return version


@transaction.atomic
def new_draft_from(source: ProcedureVersion, *, actor=None) -> ProcedureVersion:
    """A draft copy of ``source`` with every case, component, fee, result type and step."""
    procedure = source.procedure
    # Lock the procedure so two officials copying at once get distinct numbers.
    type(procedure).objects.select_for_update().filter(pk=procedure.pk).first()
    draft = ProcedureVersion.objects.get(pk=source.pk)
    draft.pk = None
    draft.number = _next_number(procedure)
    draft.status = Status.DRAFT
    draft.effective_from = draft.effective_to = draft.published_at = None
    draft.save()
    cases = {}
    for case in source.cases.order_by("sort_order", "id"):
        old_pk = case.pk
        case.pk, case.version = None, draft
        case.save()
        cases[old_pk] = case
    for related in ("components", "fees", "result_types", "process_steps"):
        for row in getattr(source, related).order_by("id"):
            row.pk, row.version = None, draft
            if getattr(row, "case_id", None) is not None:
                row.case = cases[row.case_id]
            row.save()
    audit.record(
        "catalog.version.copied",
        actor=actor,
        obj=draft,
        summary=_("Tạo dự thảo phiên bản %(number)d từ phiên bản %(source)d của thủ tục %(code)s")
        % {"number": draft.number, "source": source.number, "code": procedure.national_code},
        details={"source_version": source.pk},
    )
    return draft


def _predecessor(version: ProcedureVersion) -> ProcedureVersion | None:
    """The published version without an end date that ``version`` replaces."""
    return (
        ProcedureVersion.objects.select_for_update()
        .filter(procedure_id=version.procedure_id, status=Status.PUBLISHED, effective_to=None)
        .exclude(pk=version.pk)
        .first()
    )


def _overlap(version: ProcedureVersion) -> ProcedureVersion | None:
    """Another version whose period in force overlaps ``version``'s."""
    others = ProcedureVersion.objects.filter(procedure_id=version.procedure_id).exclude(
        Q(pk=version.pk) | Q(status=Status.DRAFT)
    )
    for other in others:
        starts_before_end = (
            version.effective_to is None
            or other.effective_from is None
            or (other.effective_from < version.effective_to)
        )
        ends_after_start = other.effective_to is None or other.effective_to > version.effective_from
        if starts_before_end and ends_after_start:
            return other
    return None


@transaction.atomic
def publish(
    version: ProcedureVersion, *, effective_from: date | None = None, actor=None
) -> ProcedureVersion:
    """Publish a draft from ``effective_from`` (default: its own date, else today).

    The published version it replaces ends on that day; if the day has come it is retired.
    """
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    _editable(version)
    today = timezone.localdate()
    version.effective_from = effective_from or version.effective_from or today
    if version.effective_to is not None and version.effective_to <= version.effective_from:
        raise ValidationError(
            {"effective_to": _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")}, code="period"
        )
    _raise(publication_issues(version))
    previous = _predecessor(version)
    if previous is not None:
        started = previous.effective_from
        if started is not None and started >= version.effective_from:
            raise ValidationError(
                {
                    "effective_from": _(
                        "Ngày có hiệu lực phải sau ngày có hiệu lực (%(date)s) của phiên bản "
                        "%(number)d đang công bố."
                    )
                    % {"date": f"{started:%d/%m/%Y}", "number": previous.number}
                },
                code="period",
            )
        previous.effective_to = version.effective_from
        if previous.effective_to <= today:
            previous.status = Status.RETIRED
        previous.save(update_fields=["effective_to", "status", "updated_at"])
    clash = _overlap(version)
    if clash is not None:
        raise ValidationError(
            {
                "effective_from": _(
                    "Thời gian hiệu lực trùng với phiên bản %(number)d của thủ tục."
                )
                % {"number": clash.number}
            },
            code="period",
        )
    version.status = Status.PUBLISHED
    version.published_at = timezone.now()
    version.save()
    audit.record(
        "catalog.version.published",
        actor=actor,
        obj=version,
        summary=_("Công bố phiên bản %(number)d của thủ tục %(code)s, hiệu lực từ %(date)s")
        % {
            "number": version.number,
            "code": version.procedure.national_code,
            "date": f"{version.effective_from:%d/%m/%Y}",
        },
        details={"replaces": previous.pk if previous else None},
    )
    return version


@transaction.atomic
def retire(version: ProcedureVersion, *, on: date | None = None, actor=None) -> ProcedureVersion:
    """End a published version from ``on`` (default today); retired once that day has come."""
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != Status.PUBLISHED:
        raise ValidationError(
            _("Chỉ cho hết hiệu lực phiên bản đang công bố."), code="not_published"
        )
    today = timezone.localdate()
    on = on or today
    if version.effective_from is not None and on <= version.effective_from:
        raise ValidationError(
            _("Ngày hết hiệu lực phải sau ngày có hiệu lực (%(date)s).")
            % {"date": f"{version.effective_from:%d/%m/%Y}"},
            code="period",
        )
    if version.effective_to is not None and on > version.effective_to:
        raise ValidationError(
            _("Phiên bản đã hết hiệu lực từ %(date)s.")
            % {"date": f"{version.effective_to:%d/%m/%Y}"},
            code="period",
        )
    version.effective_to = on
    if on <= today:
        version.status = Status.RETIRED
    version.save(update_fields=["effective_to", "status", "updated_at"])
    audit.record(
        "catalog.version.retired",
        actor=actor,
        obj=version,
        summary=_("Phiên bản %(number)d của thủ tục %(code)s hết hiệu lực từ %(date)s")
        % {
            "number": version.number,
            "code": version.procedure.national_code,
            "date": f"{on:%d/%m/%Y}",
        },
    )
    return version


def version_in_force(procedure, on: date | None = None) -> ProcedureVersion | None:
    """The version whose rules applied on ``on`` (default today), retired ones included."""
    on = on or timezone.localdate()
    return (
        procedure.versions.exclude(status=Status.DRAFT)
        .filter(Q(effective_from__isnull=True) | Q(effective_from__lte=on))
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
        .order_by("-effective_from", "-number")
        .first()
    )
