"""Load the sample province (Quảng Ngãi after the 2025 reform): shared e-catalogues, procedures,
demo officials and citizens.

Loading only ever adds what is missing: rows already present (matched by code or username) are
left as they are, so running it again changes nothing and never undoes an administrator's edits.
The procedures go through the catalogue importer, the same path as any province's own file.
"""

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Membership, Role, User
from motcua.catalog.models import Procedure
from motcua.catalog.transfer import import_catalogue
from motcua.core import audit
from motcua.directory.models import AdministrativeUnit, Agency, Field

DATA_DIR = Path(__file__).resolve().parent / "data"
DIRECTORY_FORMAT = "motcua.directory/1"
CATALOGUE_FORMAT = "motcua.catalog/1"
EFORMS_FORMAT = "motcua.eforms/1"
# One published password for every demo account (docs/vi/du-lieu-minh-hoa.md); it passes the
# configured password validators.
DEMO_PASSWORD = "MotCua@2026"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    title: str = ""
    role: str = ""  # a Role value for officials; empty for citizens and the superuser
    agency: str = ""  # identifier code of the unit the official is posted to
    superuser: bool = False
    id_number: str = ""
    date_of_birth: date | None = None
    phone: str = ""
    address: str = ""


# The one-stop path of a Sở Tư pháp dossier (provincial centre → Phòng Bổ trợ tư pháp → Giám đốc
# Sở → Văn thư) and of a commune dossier at phường Cẩm Thành, so every process step of the demo
# procedures handled there has someone to act on it. Names and numbers are invented.
ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", "Quản trị viên hệ thống", "Quản trị viên", superuser=True),
    DemoAccount(
        "quantri.tinh",
        "Nguyễn Hoàng Long",
        "Chuyên viên quản trị hệ thống tỉnh",
        Role.PROVINCE_ADMIN,
        "000.00.00.H48",
    ),
    DemoAccount(
        "quantri.trungtam",
        "Đỗ Văn Khoa",
        "Phó Giám đốc Trung tâm Phục vụ hành chính công tỉnh",
        Role.CENTRE_ADMIN,
        "000.90.01.H48",
    ),
    DemoAccount(
        "tiepnhan.tinh",
        "Nguyễn Thị Thu Hà",
        "Công chức tiếp nhận, Trung tâm Phục vụ hành chính công tỉnh",
        Role.RECEPTION,
        "000.90.01.H48",
    ),
    DemoAccount(
        "chuyenvien.stp",
        "Trần Văn Minh",
        "Chuyên viên Phòng Bổ trợ tư pháp",
        Role.SPECIALIST,
        "000.03.03.H48",
    ),
    DemoAccount(
        "truongphong.stp",
        "Lê Thị Hồng Nhung",
        "Trưởng phòng Bổ trợ tư pháp",
        Role.DIVISION_LEADER,
        "000.03.03.H48",
    ),
    DemoAccount(
        "giamdoc.stp", "Phạm Quốc Hùng", "Giám đốc Sở Tư pháp", Role.AGENCY_LEADER, "000.00.03.H48"
    ),
    DemoAccount("vanthu.stp", "Võ Thị Mỹ Linh", "Văn thư Sở Tư pháp", Role.CLERK, "000.00.03.H48"),
    DemoAccount(
        "tiepnhan.camthanh",
        "Huỳnh Văn Tài",
        "Công chức Trung tâm Phục vụ hành chính công phường Cẩm Thành",
        Role.RECEPTION,
        "000.90.104.H48",
    ),
    DemoAccount(
        "chuyenvien.camthanh",
        "Đặng Thị Kim Oanh",
        "Công chức Tư pháp - Hộ tịch phường Cẩm Thành",
        Role.SPECIALIST,
        "000.00.104.H48",
    ),
    DemoAccount(
        "chutich.camthanh",
        "Bùi Minh Tuấn",
        "Chủ tịch Ủy ban nhân dân phường Cẩm Thành",
        Role.AGENCY_LEADER,
        "000.00.104.H48",
    ),
    DemoAccount(
        "vanthu.camthanh",
        "Ngô Thị Thanh Tâm",
        "Văn thư Ủy ban nhân dân phường Cẩm Thành",
        Role.CLERK,
        "000.00.104.H48",
    ),
    DemoAccount(
        "congdan1",
        "Nguyễn Văn An",
        id_number="051085000001",
        date_of_birth=date(1985, 3, 12),
        phone="0900000001",
        address="Số 12 đường Hùng Vương, phường Cẩm Thành, tỉnh Quảng Ngãi",
    ),
    DemoAccount(
        "congdan2",
        "Trần Thị Bích Ngọc",
        id_number="051192000002",
        date_of_birth=date(1992, 9, 2),
        phone="0900000002",
        address="Thôn Mỹ Khê, xã Tịnh Khê, tỉnh Quảng Ngãi",
    ),
)


@dataclass
class DemoReport:
    created: Counter = field(default_factory=Counter)
    accounts: list[tuple[DemoAccount, User]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def read_data(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return json.load(fh)


def _check_format(data: dict[str, Any], expected: str) -> None:
    if not isinstance(data, dict) or data.get("format") != expected:
        raise ValidationError(
            _("Tệp dữ liệu không đúng định dạng “%(format)s”."), params={"format": expected}
        )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _lookup(known: dict[str, Any], code: str | None, what: str, owner: str):
    if not code:
        return None
    try:
        return known[code]
    except KeyError:
        raise ValidationError(
            _("%(owner)s: không tìm thấy %(what)s có mã “%(code)s”."),
            params={"owner": owner, "what": what, "code": code},
        ) from None


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


def _add_missing(model, rows: Iterable[dict[str, Any]], build) -> tuple[dict[str, Any], list]:
    """Create the rows whose code is not in the table yet; return all rows by code, and the new.

    ``build(row, known)`` makes an unsaved instance; parents must come before their children.
    Successor links may point forward, so they are set in a second pass over the new rows only.
    """
    known = {obj.code: obj for obj in model.objects.all()}
    added = []
    for row in rows:
        if row["code"] in known:
            continue
        obj = build(row, known)
        _save(obj)
        known[obj.code] = obj
        added.append((obj, row))
    for obj, row in added:
        if row.get("successor"):
            obj.successor = _lookup(known, row["successor"], _("đơn vị kế thừa"), obj.code)
            _save(obj)
    return known, [obj for obj, _row in added]


def _build_unit(row: dict[str, Any], known: dict[str, AdministrativeUnit]) -> AdministrativeUnit:
    return AdministrativeUnit(
        code=row["code"],
        name=row["name"],
        kind=row["kind"],
        parent=_lookup(known, row.get("parent"), _("đơn vị hành chính cấp trên"), row["code"]),
        valid_from=_date(row.get("valid_from")),
        valid_to=_date(row.get("valid_to")),
    )


def load_directory(data: dict[str, Any]) -> Counter:
    """Add the administrative units, agencies and fields of ``data`` (``motcua.directory/1``)."""
    _check_format(data, DIRECTORY_FORMAT)
    units, new_units = _add_missing(AdministrativeUnit, data["administrative_units"], _build_unit)

    def build_agency(row: dict[str, Any], known: dict[str, Agency]) -> Agency:
        return Agency(
            code=row["code"],
            name=row["name"],
            name_en=row.get("name_en", ""),
            short_name=row.get("short_name", ""),
            kind=row["kind"],
            level=row["level"],
            parent=_lookup(known, row.get("parent"), _("cơ quan cấp trên"), row["code"]),
            administrative_unit=_lookup(
                units, row.get("administrative_unit"), _("đơn vị hành chính"), row["code"]
            ),
            receives_dossiers=row.get("receives_dossiers", False),
            address=row.get("address", ""),
            sort_order=row.get("sort_order", 0),
            valid_from=_date(row.get("valid_from")),
            valid_to=_date(row.get("valid_to")),
        )

    _agencies, new_agencies = _add_missing(Agency, data["agencies"], build_agency)

    def build_field(row: dict[str, Any], known: dict[str, Field]) -> Field:
        return Field(
            code=row["code"],
            name=row["name"],
            name_en=row.get("name_en", ""),
            ministry=row.get("ministry", ""),
        )

    _fields, new_fields = _add_missing(Field, data["fields"], build_field)
    return Counter(
        administrative_units=len(new_units), agencies=len(new_agencies), fields=len(new_fields)
    )


def with_eforms(procedures: list[dict[str, Any]], data: dict[str, Any]) -> list[dict[str, Any]]:
    """The procedures with the e-forms of ``data`` (``motcua.eforms/1``: national code →
    ``{"schema", "layout"}``) put into every version that has none yet. Done before import
    because a published version is frozen."""
    _check_format(data, EFORMS_FORMAT)
    forms = data["forms"]
    result = []
    for procedure in procedures:
        form = forms.get(procedure["national_code"])
        if form is not None:
            procedure = {
                **procedure,
                "versions": [
                    v
                    if v.get("form_schema")
                    else {**v, "form_schema": form["schema"], "form_layout": form["layout"]}
                    for v in procedure["versions"]
                ],
            }
        result.append(procedure)
    return result


def load_procedures(
    data: dict[str, Any], *, actor=None, eforms: dict[str, Any] | None = None
) -> int:
    """Import the procedures of ``data`` that the catalogue does not hold yet, with their
    e-forms from ``eforms`` when given; return how many.

    A procedure already in the catalogue is never re-imported: its published versions are
    immutable and may have been superseded by the province since.
    """
    _check_format(data, CATALOGUE_FORMAT)
    present = set(Procedure.objects.values_list("national_code", flat=True))
    missing = [p for p in data["procedures"] if p["national_code"] not in present]
    if eforms is not None:
        missing = with_eforms(missing, eforms)
    if missing:
        import_catalogue({"format": CATALOGUE_FORMAT, "procedures": missing}, actor=actor)
    return len(missing)


def ensure_accounts(accounts: Iterable[DemoAccount] = ACCOUNTS) -> tuple[int, list]:
    """Create the demo accounts that do not exist yet; return (created, [(account, user)])."""
    agencies = {a.code: a for a in Agency.objects.filter(code__in={x.agency for x in accounts})}
    created, result = 0, []
    now = timezone.now()
    for account in accounts:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = _create_account(account, agencies, now)
            created += 1
        result.append((account, user))
    return created, result


def _create_account(account: DemoAccount, agencies: dict[str, Agency], now) -> User:
    is_citizen = not account.role and not account.superuser
    user = User(
        username=account.username,
        full_name=account.full_name,
        title=account.title,
        email=f"{account.username}@example.com",
        phone=account.phone,
        id_number=account.id_number,
        date_of_birth=account.date_of_birth,
        address=account.address,
        is_staff=account.superuser or account.role in {Role.PROVINCE_ADMIN, Role.CENTRE_ADMIN},
        is_superuser=account.superuser,
        email_verified_at=now,
        # Citizens are treated as identified through VNeID so they can file at once.
        phone_verified_at=now if account.phone else None,
        id_number_verified_at=now if is_citizen else None,
    )
    password_validation.validate_password(DEMO_PASSWORD, user)
    user.set_password(DEMO_PASSWORD)
    _save(user)
    if account.role:
        agency = _lookup(agencies, account.agency, _("cơ quan, đơn vị"), account.username)
        _save(Membership(user=user, agency=agency, role=account.role))
    return user


def load_demo(*, with_users: bool = True, actor=None) -> DemoReport:
    """Load the whole sample province; all or nothing."""
    report = DemoReport()
    with transaction.atomic():
        report.created.update(load_directory(read_data("directory.json")))
        report.created["procedures"] = load_procedures(
            read_data("procedures.json"), actor=actor, eforms=read_data("eforms.json")
        )
        if with_users:
            report.created["users"], report.accounts = ensure_accounts()
        if report.changed:
            audit.record(
                "demo.loaded",
                actor=actor,
                summary=_("Nạp dữ liệu minh họa tỉnh Quảng Ngãi"),
                details=dict(report.created),
            )
    return report
