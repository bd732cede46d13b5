"""Import and export of the procedure catalogue in the exchange format ``motcua.catalog/1``.

The format (docs: ``docs/adr/0002-procedure-versions.md``) nests procedures → versions → cases,
components, fees, result types and process steps, with every reference given by code: field
codes, agency identifier codes, role and action values, case codes inside a version.

An import is all or nothing. Every row is checked first and every problem is reported with its
place in the file; only a clean file is written, in one transaction, and the publishing rules
are checked on what was written before it commits. Procedures are matched by national code and
versions by number: drafts are replaced, new versions are created (and published when the file
says so, through the catalogue's services), and a version already published or retired is never
changed: the file must carry it unchanged (or as it stood before a newer version ended it).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.accounts.models import Role
from motcua.core import audit
from motcua.core.text import nfc
from motcua.directory.models import Agency
from motcua.directory.models import Field as DirectoryField
from motcua.directory.validators import validate_field_code, validate_identifier_code

from . import services
from .models import (
    AgencyLevel,
    Case,
    Channel,
    ComponentRequirement,
    Fee,
    OnlineLevel,
    Procedure,
    ProcedureVersion,
    ProcessAction,
    ProcessStep,
    ResultType,
    SupplementClock,
    TargetGroup,
    TimeUnit,
)

FORMAT = "motcua.catalog/1"
Status = ProcedureVersion.Status


# --- the format --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """One key of a row: its type, whether it must be given, its default and allowed values."""

    kind: str  # str | bool | int | decimal | date | list | dict
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()

    def fallback(self) -> Any:
        return list(self.default) if isinstance(self.default, list | tuple) else self.default


def _text(default: str = "", required: bool = False) -> Col:
    return Col("str", required=required, default=default)


def _choice(choices, default: str | None = None, required: bool = False) -> Col:
    return Col("str", required=required, default=default, choices=tuple(choices.values))


def _list(choices=None) -> Col:
    return Col("list", default=(), choices=tuple(choices.values) if choices else ())


PROCEDURE_COLS: dict[str, Col] = {
    "national_code": _text(required=True),
    "local_code": _text(),
    "name": _text(required=True),
    "name_en": _text(),
    "field": _text(required=True),
    "agency_level": _choice(AgencyLevel, required=True),
    "agencies": _list(),
    "is_active": Col("bool", default=True),
    "versions": _list(),
}
VERSION_COLS: dict[str, Col] = {
    "number": Col("int", required=True),
    "status": _choice(Status, Status.DRAFT),
    "effective_from": Col("date"),
    "effective_to": Col("date"),
    "decision_number": _text(),
    "steps_text": _text(),
    "channels": _list(Channel),
    "online_level": _choice(OnlineLevel, OnlineLevel.INFORMATION),
    "target_groups": _list(TargetGroup),
    "implementing_body": _text(),
    "submission_place": _text(),
    "requirements": _text(),
    "legal_basis": _text(),
    "result_description": _text(),
    "supplement_clock": _choice(SupplementClock, SupplementClock.PAUSE),
    "supplement_wait_days": Col("int", default=15),
    "form_schema": Col("dict", default={}),
    "form_layout": Col("dict", default={}),
    "cases": _list(),
    "components": _list(),
    "fees": _list(),
    "result_types": _list(),
    "process_steps": _list(),
}
CASE_COLS: dict[str, Col] = {
    "code": _text(),
    "name": _text(required=True),
    "time_limit": Col("decimal"),
    "time_unit": _choice(TimeUnit, TimeUnit.WORKING_DAYS),
    "push_off_non_working_day": Col("bool", default=True),
    "time_limit_note": _text(),
}
COMPONENT_COLS: dict[str, Col] = {
    "case": Col("str"),
    "code": _text(),
    "name": _text(required=True),
    "form": _choice(ComponentRequirement.Form, ComponentRequirement.Form.ORIGINAL_OR_COPY),
    "quantity": Col("int", default=1),
    "required": Col("bool", default=True),
    "template_name": _text(),
    "must_digitise": Col("bool", default=False),
    "max_files": Col("int", default=5),
    "note": _text(),
}
FEE_COLS: dict[str, Col] = {
    "case": Col("str"),
    "code": _text(),
    "name": _text(required=True),
    "kind": _choice(Fee.Kind, Fee.Kind.CHARGE),
    "amount": Col("decimal", required=True),
    "amount_online": Col("decimal"),
    "collected_at": _choice(Fee.CollectedAt, Fee.CollectedAt.RECEPTION),
    "description": _text(),
    "exemptions": _text(),
}
RESULT_TYPE_COLS: dict[str, Col] = {
    "code": _text(),
    "name": _text(required=True),
    "is_paper_document": Col("bool", default=True),
}
PROCESS_STEP_COLS: dict[str, Col] = {
    "case": Col("str"),
    "order": Col("int", required=True),
    "name": _text(required=True),
    "role": _choice(Role, required=True),
    "handling_unit": Col("str"),
    "time_budget_hours": Col("decimal", required=True),
    "allowed_actions": _list(ProcessAction),
    "description": _text(),
}
# The lists inside a version, with their columns and models, in the order they are written.
CHILD_LISTS: dict[str, tuple[dict[str, Col], type]] = {
    "cases": (CASE_COLS, Case),
    "components": (COMPONENT_COLS, ComponentRequirement),
    "fees": (FEE_COLS, Fee),
    "result_types": (RESULT_TYPE_COLS, ResultType),
    "process_steps": (PROCESS_STEP_COLS, ProcessStep),
}
# Keys that are references or nested lists, not model fields.
_REFERENCES = {"field", "agencies", "versions", "case", "handling_unit", *CHILD_LISTS}

LIST_LABELS = {
    "procedures": gettext_lazy("thủ tục"),
    "versions": gettext_lazy("phiên bản"),
    "cases": gettext_lazy("trường hợp"),
    "components": gettext_lazy("thành phần hồ sơ"),
    "fees": gettext_lazy("phí, lệ phí"),
    "result_types": gettext_lazy("loại kết quả"),
    "process_steps": gettext_lazy("bước xử lý"),
}
_KIND_LABELS = {
    "str": gettext_lazy("một chuỗi ký tự"),
    "bool": gettext_lazy("true hoặc false"),
    "int": gettext_lazy("một số nguyên"),
    "decimal": gettext_lazy('một số (ghi dạng chuỗi, ví dụ "15000" hoặc "2.5")'),
    "date": gettext_lazy("một ngày dạng YYYY-MM-DD"),
    "list": gettext_lazy("một danh sách"),
    "dict": gettext_lazy("một đối tượng JSON"),
}


# --- the report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowSource:
    """Where a row came from in a spreadsheet: sheet, row number and the column of each key."""

    sheet: str
    row: int
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Where:
    """The place of a problem: procedure, version, list and row (1-based), field; for a
    spreadsheet also the sheet, row number and column."""

    procedure: int | None = None
    national_code: str = ""
    version: int | None = None
    list_name: str = ""
    row: int | None = None
    field: str = ""
    sheet: str = ""
    sheet_row: int | None = None
    column: str = ""

    def describe(self) -> str:
        if self.sheet:
            parts = [_("Trang “%(sheet)s”") % {"sheet": self.sheet}]
            if self.sheet_row is not None:
                parts.append(_("dòng %(row)d") % {"row": self.sheet_row})
            if self.column:
                parts.append(_("cột %(column)s") % {"column": self.column})
        else:
            parts = []
            if self.procedure is not None:
                label = _("thủ tục thứ %(n)d") % {"n": self.procedure}
                if self.national_code:
                    label += f" ({self.national_code})"
                parts.append(label)
            if self.version is not None:
                parts.append(_("phiên bản %(n)s") % {"n": self.version})
            if self.list_name:
                label = f"{LIST_LABELS.get(self.list_name, self.list_name)} ({self.list_name})"
                if self.row is not None:
                    label += " " + _("dòng %(row)d") % {"row": self.row}
                parts.append(label)
        if self.field:
            parts.append(_("trường “%(field)s”") % {"field": self.field})
        if not parts:
            return _("Tệp")
        text = ", ".join(parts)
        return text[0].upper() + text[1:]


@dataclass(frozen=True)
class ImportIssue:
    where: Where
    message: str

    def __str__(self) -> str:
        return f"{self.where.describe()}: {self.message}"


@dataclass
class ImportReport:
    dry_run: bool = False
    errors: list[ImportIssue] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return _("Tệp có %(n)d lỗi; không có dữ liệu nào được ghi.") % {"n": len(self.errors)}
        text = _(
            "Thủ tục: %(p_new)d thêm mới, %(p_upd)d cập nhật, %(p_same)d không đổi. "
            "Phiên bản: %(v_new)d thêm mới, %(v_upd)d dự thảo cập nhật, "
            "%(v_pub)d được công bố, %(v_same)d không đổi."
        ) % {
            "p_new": self.counts["procedures_created"],
            "p_upd": self.counts["procedures_updated"],
            "p_same": self.counts["procedures_unchanged"],
            "v_new": self.counts["versions_created"],
            "v_upd": self.counts["versions_updated"],
            "v_pub": self.counts["versions_published"],
            "v_same": self.counts["versions_unchanged"],
        }
        if self.dry_run:
            text = _("Kiểm tra thử (không ghi dữ liệu).") + " " + text
        return text

    def lines(self) -> list[str]:
        return [self.summary(), *(f"- {issue}" for issue in self.errors)]


class CatalogueImportError(ValidationError):
    """The file was refused; ``report`` holds every problem found. Nothing was written."""

    def __init__(self, report: ImportReport):
        super().__init__([str(issue) for issue in report.errors], code="invalid_catalogue")
        self.report = report


# --- reading a row -----------------------------------------------------------------------------


@dataclass
class _Row:
    raw: dict
    where: Where
    values: dict[str, Any]  # cleaned values by key (references still as codes)


@dataclass
class _VersionPlan:
    row: _Row
    children: dict[str, list[_Row]]


@dataclass
class _ProcedurePlan:
    row: _Row
    field: DirectoryField | None
    agencies: list[Agency]
    versions: list[_VersionPlan]


class _Checker:
    """Phase one: reads the payload into plans and collects every problem, writing nothing."""

    def __init__(self, sources: dict[int, RowSource] | None = None):
        self.sources = sources or {}
        self.issues: list[ImportIssue] = []
        self.fields = {f.code: f for f in DirectoryField.objects.all()}
        self.agencies = {a.code: a for a in Agency.objects.all()}

    # reporting

    def locate(self, where: Where, raw: Any = None, key: str = "") -> Where:
        where = replace(where, field=key) if key else where
        source = self.sources.get(id(raw)) if raw is not None else None
        if source is not None:
            where = replace(
                where,
                sheet=source.sheet,
                sheet_row=source.row,
                column=source.columns.get(key, "") if key else "",
            )
        return where

    def error(self, where: Where, message: str, raw: Any = None, key: str = "") -> None:
        self.issues.append(ImportIssue(self.locate(where, raw, key), str(message)))

    # payload

    def check(self, data: Any) -> list[_ProcedurePlan]:
        if not isinstance(data, dict):
            self.error(Where(), _("Nội dung tệp phải là một đối tượng JSON."))
            return []
        if data.get("format") != FORMAT:
            self.error(
                Where(field="format"),
                _("Định dạng “%(given)s” không được hỗ trợ; tệp phải ghi “%(format)s”.")
                % {"given": data.get("format", ""), "format": FORMAT},
            )
            return []
        unknown = sorted(set(data) - {"format", "procedures"})
        for key in unknown:
            self.error(
                Where(field=key), _("Trường không có trong định dạng %(f)s.") % {"f": FORMAT}
            )
        procedures = data.get("procedures")
        if not isinstance(procedures, list):
            self.error(Where(field="procedures"), _("Phải là một danh sách thủ tục."))
            return []
        plans, seen = [], {}
        for index, raw in enumerate(procedures, start=1):
            plan = self.check_procedure(raw, index)
            if plan is None:
                continue
            code = plan.row.values["national_code"]
            if code in seen:
                self.error(
                    plan.row.where,
                    _("Mã thủ tục %(code)s trùng với thủ tục thứ %(other)d trong tệp.")
                    % {"code": code, "other": seen[code]},
                    raw,
                    "national_code",
                )
            seen[code] = index
            plans.append(plan)
        return plans

    def check_procedure(self, raw: Any, index: int) -> _ProcedurePlan | None:
        code = raw.get("national_code", "") if isinstance(raw, dict) else ""
        where = Where(procedure=index, national_code=code if isinstance(code, str) else "")
        row = self.read(raw, where, PROCEDURE_COLS)
        if row is None:
            return None
        values = row.values
        self.model_check(row, Procedure, exclude=["field"])
        field_ = self.lookup_field(row)
        agencies = []
        for position, agency_code in enumerate(values["agencies"], start=1):
            agency = self.lookup_agency(row, "agencies", agency_code, position)
            if agency is not None:
                agencies.append(agency)
        versions, numbers = [], set()
        for position, raw_version in enumerate(values["versions"], start=1):
            number = raw_version.get("number") if isinstance(raw_version, dict) else None
            version_where = replace(where, version=number if isinstance(number, int) else position)
            version = self.check_version(raw_version, version_where)
            if version is None:
                continue
            number = version.row.values["number"]
            if number is not None and number in numbers:
                self.error(
                    version.row.where,
                    _("Số phiên bản %(n)d xuất hiện hai lần trong thủ tục.") % {"n": number},
                    raw_version,
                    "number",
                )
            numbers.add(number)
            versions.append(version)
        return _ProcedurePlan(row, field_, agencies, versions)

    def check_version(self, raw: Any, where: Where) -> _VersionPlan | None:
        row = self.read(raw, where, VERSION_COLS)
        if row is None:
            return None
        values = row.values
        if values["number"] is not None and values["number"] < 1:
            self.error(where, _("Số phiên bản phải từ 1 trở lên."), raw, "number")
        self.model_check(row, ProcedureVersion, exclude=["procedure"])
        start, end = values["effective_from"], values["effective_to"]
        if values["status"] != Status.DRAFT and start is None:
            self.error(
                where, _("Phiên bản đã công bố phải có ngày có hiệu lực."), raw, "effective_from"
            )
        if start and end and end <= start:
            message = _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
            self.error(where, message, raw, "effective_to")
        if values["status"] == Status.RETIRED and end is None:
            self.error(
                where, _("Phiên bản hết hiệu lực phải có ngày hết hiệu lực."), raw, "effective_to"
            )
        children: dict[str, list[_Row]] = {}
        for list_name, (cols, model) in CHILD_LISTS.items():
            children[list_name] = []
            for position, raw_child in enumerate(values[list_name], start=1):
                child_where = replace(where, list_name=list_name, row=position)
                child = self.read(raw_child, child_where, cols)
                if child is not None:
                    self.model_check(child, model, exclude=["version", "case", "handling_unit"])
                    children[list_name].append(child)
        self.check_case_codes(children)
        for step in children["process_steps"]:
            unit = step.values["handling_unit"]
            if unit:
                step.values["handling_unit"] = self.lookup_agency(step, "handling_unit", unit)
        return _VersionPlan(row, children)

    def check_case_codes(self, children: dict[str, list[_Row]]) -> None:
        codes: dict[str, int] = {}
        for case in children["cases"]:
            code = case.values["code"]
            if not code:
                continue
            if code in codes:
                self.error(
                    case.where,
                    _("Mã trường hợp “%(code)s” trùng với dòng %(row)d.")
                    % {"code": code, "row": codes[code]},
                    case.raw,
                    "code",
                )
            else:
                codes[code] = case.where.row
        for list_name in ("components", "fees", "process_steps"):
            for child in children[list_name]:
                code = child.values["case"]
                if code and code not in codes:
                    self.error(
                        child.where,
                        _("Không có trường hợp mã “%(code)s” trong phiên bản này.")
                        % {"code": code},
                        child.raw,
                        "case",
                    )

    # references

    def lookup_field(self, row: _Row) -> DirectoryField | None:
        code = row.values["field"]
        if code is None:
            return None
        try:
            validate_field_code(code)
        except ValidationError as exc:
            self.error(row.where, " ".join(exc.messages), row.raw, "field")
            return None
        found = self.fields.get(code)
        if found is None:
            self.error(
                row.where,
                _("Không có lĩnh vực mã “%(code)s” trong danh mục lĩnh vực.") % {"code": code},
                row.raw,
                "field",
            )
        return found

    def lookup_agency(self, row: _Row, key: str, code: Any, position: int | None = None):
        label = f"{key}[{position}]" if position else key
        if not isinstance(code, str):
            self.error(row.where, _("Mã định danh phải là một chuỗi ký tự."), row.raw, key)
            return None
        try:
            validate_identifier_code(code)
        except ValidationError as exc:
            self.error(row.where, f"{label}: " + " ".join(exc.messages), row.raw, key)
            return None
        found = self.agencies.get(code)
        if found is None:
            self.error(
                row.where,
                _("%(label)s: không có cơ quan, đơn vị mã định danh “%(code)s” trong danh mục.")
                % {"label": label, "code": code},
                row.raw,
                key,
            )
        return found

    # values

    def read(self, raw: Any, where: Where, cols: dict[str, Col]) -> _Row | None:
        if not isinstance(raw, dict):
            self.error(where, _("Phải là một đối tượng JSON."), raw)
            return None
        for key in raw:
            if key not in cols:
                self.error(
                    where, _("Trường không có trong định dạng %(f)s.") % {"f": FORMAT}, raw, key
                )
        values = {}
        for key, col in cols.items():
            values[key] = self.value(raw, key, col, where)
        return _Row(raw, where, values)

    def value(self, raw: dict, key: str, col: Col, where: Where) -> Any:
        given = raw.get(key)
        if given is None or (col.kind == "str" and isinstance(given, str) and not given.strip()):
            if col.required:
                self.error(where, _("Thiếu giá trị bắt buộc."), raw, key)
            return col.fallback()
        try:
            value = _CONVERTERS[col.kind](given)
        except (TypeError, ValueError, InvalidOperation):
            self.error(where, _("Phải là %(kind)s.") % {"kind": _KIND_LABELS[col.kind]}, raw, key)
            return col.fallback() if not col.required else None
        if col.choices:
            items = value if col.kind == "list" else [value]
            wrong = [v for v in items if v not in col.choices]
            if wrong:
                self.error(
                    where,
                    _("Giá trị “%(value)s” không hợp lệ; chọn trong: %(choices)s.")
                    % {"value": ", ".join(map(str, wrong)), "choices": ", ".join(col.choices)},
                    raw,
                    key,
                )
                return col.fallback()
            if col.kind == "list" and len(set(value)) != len(value):
                self.error(where, _("Danh sách có giá trị trùng lặp."), raw, key)
        return value

    def model_check(self, row: _Row, model: type, exclude: list[str]) -> None:
        """Run the model's own validation (lengths, ranges, code formats) on the values."""
        given = {k: v for k, v in row.values.items() if k not in _REFERENCES and v is not None}
        instance = model(**given)
        try:
            instance.full_clean(
                exclude=[*exclude, *(k for k, v in row.values.items() if v is None)],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                # A value already refused by its type check is not reported twice.
                place = self.locate(row.where, row.raw, key)
                if not any(issue.where == place for issue in self.issues):
                    self.error(row.where, " ".join(messages), row.raw, key)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return nfc(value).strip()


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError
    return value


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError
    return value


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TypeError
    result = Decimal(str(value).strip())
    if not result.is_finite():
        raise ValueError
    return result


def _date(value: Any) -> date:
    if not isinstance(value, str):
        raise TypeError
    return date.fromisoformat(value)


def _list_of_str(value: Any) -> list:
    if not isinstance(value, list):
        raise TypeError
    return value


def _dict(value: Any) -> dict:
    if not isinstance(value, dict):
        raise TypeError
    return value


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "str": _str,
    "bool": _bool,
    "int": _int,
    "decimal": _decimal,
    "date": _date,
    "list": _list_of_str,
    "dict": _dict,
}


# --- writing -----------------------------------------------------------------------------------


def _model_values(row: _Row) -> dict[str, Any]:
    return {k: v for k, v in row.values.items() if k not in _REFERENCES}


class _Writer:
    """Phase two: writes the plans inside the caller's transaction; adds any late problems."""

    def __init__(self, checker: _Checker, report: ImportReport, actor):
        self.checker = checker
        self.report = report
        self.actor = actor
        self.located: dict[tuple[str, int], _Row] = {}

    def write(self, plans: list[_ProcedurePlan]) -> None:
        for plan in plans:
            self.write_procedure(plan)

    def write_procedure(self, plan: _ProcedurePlan) -> None:
        values = _model_values(plan.row)
        procedure = Procedure.objects.filter(national_code=values["national_code"]).first()
        if procedure is None:
            procedure = Procedure(**values, field=plan.field)
            procedure.save()
            procedure.agencies.set(plan.agencies)
            self.report.counts["procedures_created"] += 1
        else:
            before = _procedure_payload(procedure, list(procedure.agencies.all()))
            for key, value in values.items():
                setattr(procedure, key, value)
            procedure.field = plan.field
            procedure.save()
            procedure.agencies.set(plan.agencies)
            after = _procedure_payload(procedure, plan.agencies)
            self.report.counts[
                "procedures_updated" if after != before else "procedures_unchanged"
            ] += 1
        existing = {v.number: v for v in procedure.versions.all()}
        frozen, to_publish = [], []
        for version_plan in plan.versions:
            current = existing.get(version_plan.row.values["number"])
            if current is not None and current.status != Status.DRAFT:
                frozen.append((version_plan, current))
                continue
            version = self.write_draft(procedure, version_plan, current)
            if version_plan.row.values["status"] != Status.DRAFT:
                to_publish.append((version_plan, version))
        to_publish.sort(key=lambda pair: (pair[0].row.values["effective_from"], pair[1].number))
        for version_plan, version in to_publish:
            self.publish(version_plan, version)
        for version_plan, current in frozen:
            self.compare_frozen(version_plan, current)

    def write_draft(
        self, procedure: Procedure, plan: _VersionPlan, current: ProcedureVersion | None
    ) -> ProcedureVersion:
        values = _model_values(plan.row)
        # Drafts are written as drafts; the publishing dates are set by the services below.
        values.update(status=Status.DRAFT, effective_to=None)
        if current is None:
            version = ProcedureVersion(procedure=procedure, **values)
            self.report.counts["versions_created"] += 1
        else:
            version = current
            for key, value in values.items():
                setattr(version, key, value)
            for related in CHILD_LISTS:
                getattr(version, related).all().delete()
            self.report.counts["versions_updated"] += 1
        version.save()
        cases: dict[str, Case] = {}
        for list_name, (_cols, model) in CHILD_LISTS.items():
            for position, child in enumerate(plan.children[list_name]):
                obj = model(version=version, **_model_values(child))
                if list_name in ("cases", "components"):
                    obj.sort_order = position
                if child.values.get("case"):
                    obj.case = cases[child.values["case"]]
                if list_name == "process_steps":
                    obj.handling_unit = child.values["handling_unit"]
                obj.save()
                if list_name == "cases" and obj.code:
                    cases[obj.code] = obj
                self.located[(list_name, obj.pk)] = child
        return version

    def publish(self, plan: _VersionPlan, version: ProcedureVersion) -> None:
        values = plan.row.values
        issues = services.publication_issues(version)
        for issue in issues:
            child = self.located.get((issue.list_name, issue.obj.pk)) if issue.obj else None
            if child is not None:
                self.checker.error(child.where, issue.message, child.raw, issue.field)
            else:
                where = replace(plan.row.where, list_name=issue.list_name)
                self.checker.error(where, issue.message, plan.row.raw, issue.field)
        if issues:
            return
        try:
            services.publish(version, effective_from=values["effective_from"], actor=self.actor)
            if values["effective_to"] is not None:
                services.retire(version, on=values["effective_to"], actor=self.actor)
        except ValidationError as exc:
            for key, messages in _message_items(exc):
                self.checker.error(plan.row.where, " ".join(messages), plan.row.raw, key)
            return
        self.report.counts["versions_published"] += 1

    def compare_frozen(self, plan: _VersionPlan, current: ProcedureVersion) -> None:
        """A published or retired version may only come back unchanged."""
        current.refresh_from_db()
        stored = _version_payload(current)
        given = _planned_payload(plan)
        where = plan.row.where
        if given["status"] == Status.DRAFT:
            self.checker.error(
                where,
                _(
                    "Phiên bản %(n)d đã công bố; không thể đưa về dự thảo. Hãy dùng một số "
                    "phiên bản mới."
                )
                % {"n": current.number},
                plan.row.raw,
                "status",
            )
            return
        differing = [
            key
            for key in stored
            if key not in ("status", "effective_to") and stored[key] != given[key]
        ]
        # The file may predate the version that ended this one: an open end is not a change.
        if given["effective_to"] is not None and given["effective_to"] != stored["effective_to"]:
            differing.append("effective_to")
        if differing:
            self.checker.error(
                where,
                _(
                    "Phiên bản %(n)d đã công bố nên không được sửa (khác ở: %(keys)s). Muốn thay "
                    "đổi, hãy đưa nội dung mới vào một phiên bản có số mới."
                )
                % {"n": current.number, "keys": ", ".join(differing)},
                plan.row.raw,
            )
        else:
            self.report.counts["versions_unchanged"] += 1


def _message_items(exc: ValidationError) -> list[tuple[str, list[str]]]:
    if hasattr(exc, "error_dict"):
        return [("" if k == "__all__" else k, v) for k, v in exc.message_dict.items()]
    return [("", exc.messages)]


# --- import entry points -----------------------------------------------------------------------


def import_catalogue(
    data: Any,
    *,
    actor=None,
    dry_run: bool = False,
    sources: dict[int, RowSource] | None = None,
    known_issues: Sequence[ImportIssue] = (),
) -> ImportReport:
    """Import a ``motcua.catalog/1`` payload; all or nothing.

    Returns the report when the file was accepted (with ``dry_run`` nothing is kept). Raises
    ``CatalogueImportError`` (a ``ValidationError`` carrying the report) when anything is wrong;
    then nothing was written. ``sources`` maps ``id(row dict)`` to its spreadsheet place;
    ``known_issues`` are problems met while reading the file, reported first.
    """
    report = ImportReport(dry_run=dry_run)
    checker = _Checker(sources)
    checker.issues.extend(known_issues)
    plans = checker.check(data)
    if checker.issues:
        report.errors = checker.issues
        raise CatalogueImportError(report)
    with transaction.atomic():
        _Writer(checker, report, actor).write(plans)
        if not checker.issues:
            audit.record(
                "catalog.imported",
                actor=actor,
                summary=_("Nhập danh mục thủ tục: %(n)d thủ tục") % {"n": len(plans)},
                details={
                    "procedures": [p.row.values["national_code"] for p in plans],
                    **report.counts,
                },
            )
        if checker.issues or dry_run:
            transaction.set_rollback(True)
    if checker.issues:
        report.errors = checker.issues
        report.counts.clear()
        raise CatalogueImportError(report)
    return report


def parse_json(content: bytes | str) -> Any:
    """Decode a JSON file, reporting where it is malformed."""
    try:
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
        return json.loads(text)
    except UnicodeDecodeError:
        message = _("Tệp không phải văn bản UTF-8.")
    except json.JSONDecodeError as exc:
        message = _("Nội dung JSON không hợp lệ ở dòng %(line)d, cột %(col)d: %(msg)s.") % {
            "line": exc.lineno,
            "col": exc.colno,
            "msg": exc.msg,
        }
    raise CatalogueImportError(ImportReport(errors=[ImportIssue(Where(), message)]))


# --- export ------------------------------------------------------------------------------------


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _procedure_payload(procedure: Procedure, agencies: list[Agency]) -> dict[str, Any]:
    return {
        "national_code": procedure.national_code,
        "local_code": procedure.local_code,
        "name": procedure.name,
        "name_en": procedure.name_en,
        "field": procedure.field.code,
        "agency_level": procedure.agency_level,
        "agencies": sorted(a.code for a in agencies),
        "is_active": procedure.is_active,
    }


def _case_code(row) -> str | None:
    return row.case.code if row.case is not None else None


def _payload(
    version: ProcedureVersion,
    cases: list[Case],
    components: list[ComponentRequirement],
    fees: list[Fee],
    result_types: list[ResultType],
    steps: list[ProcessStep],
) -> dict[str, Any]:
    """The exchange form of one version; rows may be unsaved (used to compare with a file)."""
    return {
        "number": version.number,
        "status": version.status,
        "effective_from": _iso(version.effective_from),
        "effective_to": _iso(version.effective_to),
        "decision_number": version.decision_number,
        "steps_text": version.steps_text,
        "channels": list(version.channels),
        "online_level": version.online_level,
        "target_groups": list(version.target_groups),
        "implementing_body": version.implementing_body,
        "submission_place": version.submission_place,
        "requirements": version.requirements,
        "legal_basis": version.legal_basis,
        "result_description": version.result_description,
        "supplement_clock": version.supplement_clock,
        "supplement_wait_days": version.supplement_wait_days,
        "form_schema": version.form_schema,
        "form_layout": version.form_layout,
        "cases": [
            {
                "code": c.code,
                "name": c.name,
                "time_limit": _dec(c.time_limit),
                "time_unit": c.time_unit,
                "push_off_non_working_day": c.push_off_non_working_day,
                "time_limit_note": c.time_limit_note,
            }
            for c in cases
        ],
        "components": [
            {
                "case": _case_code(c),
                "code": c.code,
                "name": c.name,
                "form": c.form,
                "quantity": c.quantity,
                "required": c.required,
                "template_name": c.template_name,
                "must_digitise": c.must_digitise,
                "max_files": c.max_files,
                "note": c.note,
            }
            for c in components
        ],
        "fees": [
            {
                "case": _case_code(f),
                "code": f.code,
                "name": f.name,
                "kind": f.kind,
                "amount": _dec(f.amount),
                "amount_online": _dec(f.amount_online),
                "collected_at": f.collected_at,
                "description": f.description,
                "exemptions": f.exemptions,
            }
            for f in fees
        ],
        "result_types": [
            {"code": r.code, "name": r.name, "is_paper_document": r.is_paper_document}
            for r in result_types
        ],
        "process_steps": [
            {
                "case": _case_code(s),
                "order": s.order,
                "name": s.name,
                "role": s.role,
                "handling_unit": s.handling_unit.code if s.handling_unit else None,
                "time_budget_hours": _dec(s.time_budget_hours),
                "allowed_actions": list(s.allowed_actions),
                "description": s.description,
            }
            for s in steps
        ],
    }


def _version_payload(version: ProcedureVersion) -> dict[str, Any]:
    """Children in the order an import wrote them, so export and import round-trip."""
    return _payload(
        version,
        list(version.cases.all()),
        list(version.components.all()),
        sorted(version.fees.all(), key=lambda r: r.pk),
        sorted(version.result_types.all(), key=lambda r: r.pk),
        sorted(version.process_steps.all(), key=lambda r: r.pk),
    )


def _planned_payload(plan: _VersionPlan) -> dict[str, Any]:
    """The exchange form of a version as the file gives it, through the same serialiser."""
    rows: dict[str, list] = {}
    cases: dict[str, Case] = {}
    for list_name, (_cols, model) in CHILD_LISTS.items():
        rows[list_name] = []
        for child in plan.children[list_name]:
            obj = model(**_model_values(child))
            if child.values.get("case"):
                obj.case = cases[child.values["case"]]
            if list_name == "process_steps":
                obj.handling_unit = child.values["handling_unit"]
            if list_name == "cases" and obj.code:
                cases[obj.code] = obj
            rows[list_name].append(obj)
    version = ProcedureVersion(**_model_values(plan.row))
    return _payload(
        version,
        rows["cases"],
        rows["components"],
        rows["fees"],
        rows["result_types"],
        rows["process_steps"],
    )


def export_catalogue(queryset: QuerySet[Procedure] | None = None) -> dict[str, Any]:
    """The procedures of ``queryset`` (default: all) with every version, as ``motcua.catalog/1``."""
    queryset = Procedure.objects.all() if queryset is None else queryset
    queryset = (
        queryset.select_related("field")
        .prefetch_related(
            Prefetch("agencies", queryset=Agency.objects.order_by("code")),
            Prefetch(
                "versions",
                queryset=ProcedureVersion.objects.order_by("number").prefetch_related(
                    "cases",
                    Prefetch("components", queryset=_with_case(ComponentRequirement)),
                    Prefetch("fees", queryset=_with_case(Fee)),
                    "result_types",
                    Prefetch(
                        "process_steps",
                        queryset=_with_case(ProcessStep).select_related("handling_unit"),
                    ),
                ),
            ),
        )
        .order_by("national_code")
    )
    procedures = []
    for procedure in queryset:
        payload = _procedure_payload(procedure, list(procedure.agencies.all()))
        payload["versions"] = [_version_payload(v) for v in procedure.versions.all()]
        procedures.append(payload)
    return {"format": FORMAT, "procedures": procedures}


def _with_case(model) -> QuerySet:
    return model.objects.select_related("case")
