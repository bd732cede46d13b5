"""Electronic forms (tờ khai điện tử): a procedure version's JSON Schema (draft 2020-12) plus
layout hints, rendered on the server into accessible HTML fields, read back from a POST and
validated with Vietnamese messages per field; pre-filled from the account and earlier dossiers.

Hand-written on purpose: the maintained JSON-Schema form libraries for Django render in the
browser with JavaScript (json-editor, React widgets), which breaks the no-JavaScript and
accessibility rules of the portal; validation itself is the ``jsonschema`` package.

The supported shape: an object whose properties are strings (``format`` date, email and the
Vietnamese ``vn-id-number``, ``vn-phone``, ``vn-tax-code``; ``enum``; length and ``pattern``),
integers, numbers, booleans, nested objects (a fieldset) and arrays of objects or strings
(repeatable rows). ``check_schema`` reports anything else.

Layout hints (``ProcedureVersion.form_layout``)::

    {"summary": "Đăng ký khai sinh cho {tre_em.ho_ten}",
     "declaration_component": "Tờ khai đăng ký khai sinh",
     "fields": {"nguoi_yeu_cau.ho_ten": {"prefill": "full_name", "autocomplete": "name"},
                "nguoi_yeu_cau.noi_cu_tru": {"prefill": "address", "widget": "textarea"},
                "me.ho_ten": {"remember": true}, "tre_em.ngay_sinh": {"past": true},
                "quan_he": {"widget": "radio"}, "thanh_vien": {"item_label": "Thành viên"},
                "so_nha": {"help": "…", "messages": {"pattern": "…"}}}}

Field keys are dotted paths; rows of arrays are not addressed by the hints' keys (``a.b`` hints
apply to ``a.<n>.b`` in every row). ``prefill`` takes a value from the profile (``full_name``,
``id_number``, ``date_of_birth``, ``address``, ``phone``, ``email``, ``organisation.name``,
``organisation.tax_code``, ``organisation.address``, ``organisation.phone``,
``organisation.email``) and marks the field as the applicant's; ``remember`` lets the value be
taken from the applicant's latest earlier dossier.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker

from motcua.accounts.validators import normalise_phone, parse_id_number, validate_tax_code

DIALECT = "https://json-schema.org/draft/2020-12/schema"
PREFIX = "f."  # POST names of e-form fields: f.<dotted key>
ADD_ROW = "_add_row"
REMOVE_ROW = "_remove_row"

PERSON_PREFILL = ("full_name", "id_number", "date_of_birth", "address", "phone", "email")
ORGANISATION_PREFILL = tuple(f"organisation.{n}" for n in ("name", "tax_code", "address"))
ORGANISATION_PREFILL += ("organisation.phone", "organisation.email")

FORMAT_CHECKER = FormatChecker()


@FORMAT_CHECKER.checks("vn-id-number", raises=ValidationError)
def _id_number(value: object) -> bool:
    if isinstance(value, str):
        parse_id_number(value)
    return True


@FORMAT_CHECKER.checks("vn-phone", raises=ValidationError)
def _phone(value: object) -> bool:
    if isinstance(value, str):
        normalise_phone(value)
    return True


@FORMAT_CHECKER.checks("vn-tax-code", raises=ValidationError)
def _tax_code(value: object) -> bool:
    if isinstance(value, str):
        validate_tax_code(value)
    return True


_SCALARS = {"string", "integer", "number", "boolean"}
_STRING_KEYS = {"format", "enum", "minLength", "maxLength", "pattern", "default", "const"}
_NUMBER_KEYS = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum", "default"}
_COMMON_KEYS = {"type", "title", "description", "$schema", "$id", "examples"}
_OBJECT_KEYS = {"properties", "required", "additionalProperties"}
_ARRAY_KEYS = {"items", "minItems", "maxItems"}
_FORMATS = {"date", "email", "vn-id-number", "vn-phone", "vn-tax-code"}


def fallback_schema() -> dict:
    """The generic form of a procedure without its own: who asks, and what for."""
    return {
        "$schema": DIALECT,
        "type": "object",
        "title": _("Thông tin hồ sơ"),
        "properties": {
            "nguoi_yeu_cau": {
                "type": "object",
                "title": _("Người yêu cầu"),
                "properties": {
                    "ho_ten": {"type": "string", "title": _("Họ và tên"), "maxLength": 200},
                    "so_dinh_danh": {
                        "type": "string",
                        "title": _("Số định danh cá nhân"),
                        "format": "vn-id-number",
                    },
                    "ngay_sinh": {"type": "string", "title": _("Ngày sinh"), "format": "date"},
                    "noi_cu_tru": {"type": "string", "title": _("Nơi cư trú"), "maxLength": 300},
                    "dien_thoai": {
                        "type": "string",
                        "title": _("Số điện thoại di động"),
                        "format": "vn-phone",
                    },
                    "thu_dien_tu": {"type": "string", "title": _("Thư điện tử"), "format": "email"},
                },
                "required": ["ho_ten", "so_dinh_danh", "noi_cu_tru"],
            },
            "noi_dung_yeu_cau": {
                "type": "string",
                "title": _("Nội dung yêu cầu"),
                "description": _("Tóm tắt việc bạn đề nghị cơ quan có thẩm quyền giải quyết."),
                "minLength": 5,
                "maxLength": 2000,
            },
        },
        "required": ["nguoi_yeu_cau", "noi_dung_yeu_cau"],
    }


def fallback_layout() -> dict:
    return {
        "summary": "{noi_dung_yeu_cau}",
        "fields": {
            "nguoi_yeu_cau.ho_ten": {"prefill": "full_name", "autocomplete": "name"},
            "nguoi_yeu_cau.so_dinh_danh": {"prefill": "id_number", "inputmode": "numeric"},
            "nguoi_yeu_cau.ngay_sinh": {"prefill": "date_of_birth", "past": True},
            "nguoi_yeu_cau.noi_cu_tru": {"prefill": "address", "autocomplete": "street-address"},
            "nguoi_yeu_cau.dien_thoai": {"prefill": "phone", "autocomplete": "tel"},
            "nguoi_yeu_cau.thu_dien_tu": {"prefill": "email", "autocomplete": "email"},
            "noi_dung_yeu_cau": {"widget": "textarea"},
        },
    }


def form_of(version) -> tuple[dict, dict]:
    """(schema, layout) of a procedure version: its own, or the generic fallback."""
    if version.form_schema:
        return version.form_schema, version.form_layout or {}
    return fallback_schema(), fallback_layout()


# --- keys and hints ---------------------------------------------------------------------------


def _join(prefix: str, name: str | int) -> str:
    return f"{prefix}.{name}" if prefix else str(name)


def _hint_key(key: str) -> str:
    """``thanh_vien.2.ho_ten`` → ``thanh_vien.ho_ten``: hints apply to every row."""
    return ".".join(p for p in key.split(".") if not p.isdigit())


def _hints(layout: Mapping, key: str) -> dict:
    return (layout.get("fields") or {}).get(_hint_key(key), {})


def html_id(key: str) -> str:
    return "f-" + key.replace(".", "-")


def value_at(data: Any, key: str) -> Any:
    for part in key.split(".") if key else []:
        if isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        elif isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return None
    return data


def _set(data: dict, key: str, value: Any) -> None:
    parts = key.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value


def leaves(schema: Mapping, prefix: str = "") -> Iterable[tuple[str, Mapping]]:
    """(key, schema) of every scalar field outside arrays."""
    for name, sub in (schema.get("properties") or {}).items():
        key = _join(prefix, name)
        if sub.get("type") == "object":
            yield from leaves(sub, key)
        elif sub.get("type") in _SCALARS:
            yield key, sub


# --- schema check -----------------------------------------------------------------------------


def check_schema(schema: Mapping, layout: Mapping | None = None) -> list[str]:
    """Problems that would stop the form from rendering or validating as intended."""
    problems = []
    try:
        Draft202012Validator.check_schema(schema)
    except Exception as exc:  # SchemaError: the message says where
        return [str(getattr(exc, "message", exc))]
    if schema.get("type") != "object":
        problems.append("the root must be an object")
    problems += _check_node(schema, "")
    for key, hints in ((layout or {}).get("fields") or {}).items():
        if _node_at(schema, key) is None:
            problems.append(f"layout hint for unknown field {key!r}")
        prefill = hints.get("prefill")
        if prefill and prefill not in PERSON_PREFILL + ORGANISATION_PREFILL:
            problems.append(f"{key}: unknown prefill source {prefill!r}")
    return problems


def _check_node(node: Mapping, key: str) -> list[str]:
    kind = node.get("type")
    allowed = set(_COMMON_KEYS)
    problems = []
    if kind == "object":
        allowed |= _OBJECT_KEYS
        for name, sub in (node.get("properties") or {}).items():
            problems += _check_node(sub, _join(key, name))
        missing = set(node.get("required", [])) - set(node.get("properties") or {})
        problems += [f"{key or 'root'}: required {m!r} is not a property" for m in missing]
    elif kind == "array":
        allowed |= _ARRAY_KEYS
        items = node.get("items") or {}
        if items.get("type") not in {"object", "string"}:
            problems.append(f"{key}: arrays hold objects or strings")
        problems += _check_node(items, _join(key, "0"))
    elif kind == "string":
        allowed |= _STRING_KEYS
        if node.get("format") and node["format"] not in _FORMATS:
            problems.append(f"{key}: unsupported format {node['format']!r}")
    elif kind in {"integer", "number"}:
        allowed |= _NUMBER_KEYS
    elif kind == "boolean":
        allowed |= {"const", "default"}
    else:
        problems.append(f"{key or 'root'}: unsupported type {kind!r}")
    extra = set(node) - allowed
    if extra:
        problems.append(f"{key or 'root'}: unsupported keyword(s) {sorted(extra)}")
    return problems


def _node_at(schema: Mapping, key: str) -> Mapping | None:
    node = schema
    for part in key.split("."):
        if node.get("type") == "array":
            node = node.get("items") or {}
        node = (node.get("properties") or {}).get(part)
        if node is None:
            return None
    return node


# --- reading a POST ---------------------------------------------------------------------------

_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


@dataclass
class Submitted:
    data: dict
    add_row: str = ""  # key of the array whose "add a row" button was pressed
    remove_row: str = ""  # key of the row whose "remove" button was pressed


def parse(schema: Mapping, post) -> Submitted:
    """The form's data from a POST (a ``QueryDict``): empty answers are left out so that
    ``required`` reports them; values that are not of the right type are kept as typed so the
    field shows them again with its error."""
    remove = post.get(REMOVE_ROW, "")
    data = _parse_object(schema, post, "", remove)
    return Submitted(data=data, add_row=post.get(ADD_ROW, ""), remove_row=remove)


def _parse_object(schema: Mapping, post, prefix: str, remove: str) -> dict:
    result: dict[str, Any] = {}
    for name, sub in (schema.get("properties") or {}).items():
        key = _join(prefix, name)
        kind = sub.get("type")
        if kind == "object":
            value = _parse_object(sub, post, key, remove)
            if value:
                result[name] = value
        elif kind == "array":
            rows = _parse_array(sub, post, key, remove)
            if rows:
                result[name] = rows
        else:
            value = _scalar(sub, post, key)
            if value is not None:
                result[name] = value
    return result


def _parse_array(schema: Mapping, post, key: str, remove: str) -> list:
    pattern = re.compile(re.escape(PREFIX + key) + r"\.(\d+)(?:\.|$)")
    indices = sorted({int(m.group(1)) for name in post for m in [pattern.match(name)] if m})
    items = schema.get("items") or {}
    rows = []
    for index in indices:
        row_key = _join(key, index)
        if row_key == remove:
            continue
        if items.get("type") == "object":
            value = _parse_object(items, post, row_key, remove)
        else:
            value = _scalar(items, post, row_key)
        if value not in (None, {}):
            rows.append(value)
    return rows


def _scalar(schema: Mapping, post, key: str) -> Any:
    kind = schema.get("type")
    if kind == "boolean":
        return post.get(PREFIX + key) in {"on", "true", "1"}
    raw = (post.get(PREFIX + key) or "").strip()
    if not raw:
        return None
    if kind == "integer":
        compact = raw.replace(".", "").replace(" ", "")
        return int(compact) if re.fullmatch(r"-?\d+", compact) else raw
    if kind == "number":
        try:
            return float(Decimal(raw.replace(" ", "").replace(",", ".")))
        except InvalidOperation:
            return raw
    if schema.get("format") == "date":
        match = _DMY.match(raw)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                return raw
    return raw


# --- validation -------------------------------------------------------------------------------


def validate(schema: Mapping, layout: Mapping, data: Mapping) -> dict[str, str]:
    """Errors by field key (the first one per field), in the user's language; empty if valid."""
    errors: dict[str, str] = {}
    validator = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    for error in validator.iter_errors(_with_required_groups(schema, data)):
        key = ".".join(str(p) for p in error.absolute_path)
        if error.validator == "required":
            missing = re.search(r"'([^']+)' is a required property", error.message)
            key = _join(key, missing.group(1)) if missing else key
        errors.setdefault(key, _message(error, _node_at_key(schema, key), _hints(layout, key)))
    for key, _node in leaves(schema):
        value = value_at(data, key)
        if _hints(layout, key).get("past") and isinstance(value, str) and key not in errors:
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                continue
            if day > timezone.localdate():
                errors[key] = _("Ngày này không được sau ngày hôm nay.")
    return errors


def _with_required_groups(schema: Mapping, data: Any) -> Any:
    """``data`` with an empty object for every required group left blank, so that each of its
    required fields is reported rather than the group as a whole."""
    if not isinstance(data, dict):
        return data
    result = dict(data)
    required = set(schema.get("required", []))
    for name, sub in (schema.get("properties") or {}).items():
        if sub.get("type") == "object" and (name in result or name in required):
            result[name] = _with_required_groups(sub, result.get(name, {}))
    return result


def _node_at_key(schema: Mapping, key: str) -> Mapping:
    node = schema
    for part in key.split(".") if key else []:
        if node.get("type") == "array":
            node = node.get("items") or {}
            if part.isdigit():
                continue
        node = (node.get("properties") or {}).get(part) or {}
    return node


def _message(error, node: Mapping, hints: Mapping) -> str:
    custom = (hints.get("messages") or {}).get(error.validator)
    if custom:
        return custom
    kind = node.get("type")
    validator, bound = error.validator, error.validator_value
    if validator == "required":
        if kind == "array":
            return _("Vui lòng thêm ít nhất một dòng.")
        if "enum" in node:
            return _("Vui lòng chọn một mục.")
        if kind == "object":
            return _("Vui lòng điền các thông tin của mục này.")
        return _("Vui lòng điền thông tin này.")
    if validator == "format":
        if isinstance(error.cause, ValidationError):
            return " ".join(error.cause.messages)
        if bound == "date":
            return _("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/09/2024.")
        if bound == "email":
            return _("Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.com).")
    if validator == "type":
        if kind == "integer":
            return _("Vui lòng nhập một số nguyên, ví dụ 3.")
        if kind == "number":
            return _("Vui lòng nhập một số, ví dụ 2,5.")
    if validator == "minLength":
        return _("Vui lòng nhập ít nhất %(n)d ký tự.") % {"n": bound}
    if validator == "maxLength":
        return _("Vui lòng nhập không quá %(n)d ký tự.") % {"n": bound}
    if validator in {"minimum", "exclusiveMinimum"}:
        return _("Giá trị phải từ %(n)s trở lên.") % {"n": bound}
    if validator in {"maximum", "exclusiveMaximum"}:
        return _("Giá trị không được vượt quá %(n)s.") % {"n": bound}
    if validator in {"enum", "const"}:
        if kind == "boolean":
            return _("Bạn cần đánh dấu xác nhận mục này.")
        return _("Vui lòng chọn một trong các giá trị cho sẵn.")
    if validator == "minItems":
        return _("Vui lòng khai ít nhất %(n)d dòng.") % {"n": bound}
    if validator == "maxItems":
        return _("Chỉ được khai tối đa %(n)d dòng.") % {"n": bound}
    if validator == "pattern":
        return _("Giá trị không đúng định dạng yêu cầu.")
    return _("Giá trị không hợp lệ.")


# --- pre-filling -------------------------------------------------------------------------------


def profile_values(user, organisation=None) -> dict[str, str]:
    """What the account already knows, by prefill source name."""
    values = {
        "full_name": getattr(user, "full_name", "") or "",
        "id_number": getattr(user, "id_number", "") or "",
        "date_of_birth": user.date_of_birth.isoformat() if user.date_of_birth else "",
        "address": user.address or "",
        "phone": user.phone or "",
        "email": user.email or "",
    }
    if organisation is not None:
        for name in ("name", "tax_code", "address", "phone", "email"):
            values[f"organisation.{name}"] = getattr(organisation, name) or ""
    return values


@dataclass
class Prefill:
    data: dict = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # key → "profile" | "dossier"


def prefill(
    schema: Mapping, layout: Mapping, profile: Mapping[str, str], earlier: Iterable[Mapping]
) -> Prefill:
    """Initial answers: the profile for fields marked ``prefill``, then the latest earlier
    dossier holding a value for fields marked ``prefill`` or ``remember`` (PL3-1)."""
    result = Prefill()
    earlier = list(earlier)
    for key, node in leaves(schema):
        hints = _hints(layout, key)
        source = hints.get("prefill")
        value = profile.get(source) if source else None
        if value:
            _set(result.data, key, value)
            result.sources[key] = "profile"
            continue
        if not (source or hints.get("remember")):
            continue
        for form_data in earlier:
            old = value_at(form_data, key)
            if _fits(node, old):
                _set(result.data, key, old)
                result.sources[key] = "dossier"
                break
    return result


def _fits(node: Mapping, value: Any) -> bool:
    kind = node.get("type")
    if value in (None, ""):
        return False
    if "enum" in node and value not in node["enum"]:
        return False
    return {
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
    }.get(kind, False)


def applicant_values(layout: Mapping, data: Mapping) -> dict[str, str]:
    """The answers of the fields that stand for the applicant (``prefill`` hints), by source."""
    values = {}
    for key, hints in (layout.get("fields") or {}).items():
        source = hints.get("prefill")
        value = value_at(data, key)
        if source and isinstance(value, str) and value:
            values.setdefault(source, value)
    return values


def summary(layout: Mapping, data: Mapping) -> str:
    """The dossier's summary (trích yếu) from the layout's template, e.g. ``"Khai sinh cho
    {tre_em.ho_ten}"``; empty when a referenced answer is missing."""
    template = layout.get("summary") or ""
    missing = False

    def value(match: re.Match) -> str:
        nonlocal missing
        found = value_at(data, match.group(1))
        if found in (None, ""):
            missing = True
            return ""
        return str(found)

    text = re.sub(r"\{([\w.]+)\}", value, template)
    return "" if missing else text.strip()


# --- rendering ---------------------------------------------------------------------------------


@dataclass
class Node:
    """One element of the rendered form (templates ``portal/eforms/*.html``)."""

    key: str
    kind: str  # text, textarea, date, email, tel, number, select, radio, checkbox, group, array
    label: str
    help: str = ""
    required: bool = False
    value: Any = None
    error: str = ""
    choices: list[tuple[str, str, bool]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    rows: list[Node] = field(default_factory=list)  # arrays: one group node per row
    prefilled: str = ""  # "profile" | "dossier"
    autocomplete: str = ""
    inputmode: str = ""
    max_length: int | None = None
    removable: bool = False
    can_add: bool = False
    item_label: str = ""

    @property
    def name(self) -> str:
        return PREFIX + self.key

    @property
    def id(self) -> str:
        return html_id(self.key)

    @property
    def described_by(self) -> str:
        ids = []
        if self.help:
            ids.append(self.id + "-help")
        if self.prefilled:
            ids.append(self.id + "-prefilled")
        if self.error:
            ids.append(self.id + "-error")
        return " ".join(ids)

    def walk(self) -> Iterable[Node]:
        yield self
        for child in [*self.children, *self.rows]:
            yield from child.walk()


def build(
    schema: Mapping,
    layout: Mapping,
    data: Mapping,
    errors: Mapping[str, str] | None = None,
    *,
    prefilled: Mapping[str, str] | None = None,
    extra_rows: Mapping[str, int] | None = None,
) -> Node:
    """The tree of fields to render, holding ``data`` and ``errors``."""
    context = _Build(layout, errors or {}, prefilled or {}, extra_rows or {})
    root = Node(key="", kind="group", label=schema.get("title", ""), help=_describe(schema, {}))
    root.children = context.children(schema, data, "")
    root.error = context.errors.get("", "")
    return root


def _describe(node: Mapping, hints: Mapping) -> str:
    return hints.get("help") or node.get("description") or ""


@dataclass
class _Build:
    layout: Mapping
    errors: Mapping[str, str]
    prefilled: Mapping[str, str]
    extra_rows: Mapping[str, int]

    def children(self, schema: Mapping, data: Any, prefix: str) -> list[Node]:
        required = set(schema.get("required", []))
        data = data if isinstance(data, dict) else {}
        return [
            self.node(sub, data.get(name), _join(prefix, name), name in required)
            for name, sub in (schema.get("properties") or {}).items()
        ]

    def node(self, schema: Mapping, value: Any, key: str, required: bool) -> Node:
        hints = _hints(self.layout, key)
        node = Node(
            key=key,
            kind="text",
            label=schema.get("title") or key.rsplit(".", 1)[-1],
            help=_describe(schema, hints),
            required=required,
            error=self.errors.get(key, ""),
            prefilled=self.prefilled.get(key, ""),
            autocomplete=hints.get("autocomplete", ""),
            inputmode=hints.get("inputmode", ""),
            max_length=schema.get("maxLength"),
        )
        kind = schema.get("type")
        if kind == "object":
            node.kind = "group"
            node.children = self.children(schema, value, key)
        elif kind == "array":
            self.array(node, schema, value if isinstance(value, list) else [], hints)
        else:
            self.scalar(node, schema, value, hints)
        return node

    def array(self, node: Node, schema: Mapping, items: list, hints: Mapping) -> None:
        node.kind = "array"
        node.item_label = hints.get("item_label") or _("Dòng")
        item_schema = schema.get("items") or {}
        count = max(len(items), schema.get("minItems", 0), 1) + self.extra_rows.get(node.key, 0)
        maximum = schema.get("maxItems")
        if maximum is not None:
            count = min(count, maximum)
        for index in range(count):
            row_key = _join(node.key, index)
            value = items[index] if index < len(items) else None
            if item_schema.get("type") == "object":
                row = Node(key=row_key, kind="group", label=f"{node.item_label} {index + 1}")
                row.children = self.children(item_schema, value, row_key)
            else:
                row = self.node(item_schema, value, row_key, False)
                row.label = f"{node.item_label} {index + 1}"
            row.error = row.error or self.errors.get(row_key, "")
            row.removable = count > max(schema.get("minItems", 0), 1)
            node.rows.append(row)
        node.can_add = maximum is None or count < maximum

    def scalar(self, node: Node, schema: Mapping, value: Any, hints: Mapping) -> None:
        kind, fmt, widget = schema.get("type"), schema.get("format"), hints.get("widget")
        node.value = value
        if kind == "boolean":
            node.kind = "checkbox"
            node.value = bool(value)
        elif "enum" in schema:
            node.kind = "radio" if widget == "radio" else "select"
            labels = hints.get("choice_labels") or {}
            node.choices = [
                (str(option), labels.get(str(option), str(option)), str(option) == str(value))
                for option in schema["enum"]
            ]
        elif kind in {"integer", "number"}:
            node.kind = "number"
            node.inputmode = node.inputmode or ("numeric" if kind == "integer" else "decimal")
        elif fmt == "date":
            node.kind = "date"
        elif fmt == "email":
            node.kind = "email"
        elif fmt == "vn-phone":
            node.kind = "tel"
        elif widget == "textarea" or (schema.get("maxLength") or 0) > 300:
            node.kind = "textarea"
        if fmt in {"vn-id-number", "vn-tax-code"}:
            node.inputmode = node.inputmode or "numeric"


def errors_in_order(root: Node) -> list[Node]:
    """Nodes with an error, in page order (for the error summary)."""
    return [node for node in root.walk() if node.error]


def row_counts(submitted: Submitted, extra_rows: Mapping[str, int] | None = None) -> dict[str, int]:
    """Extra empty rows to render after an "add a row" press."""
    counts = dict(extra_rows or {})
    if submitted.add_row:
        counts[submitted.add_row] = counts.get(submitted.add_row, 0) + 1
    return counts
