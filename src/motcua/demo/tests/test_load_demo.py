"""``motcua load_demo``: the sample province loads completely, coherently and only once."""

import io
import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from motcua.accounts.models import Membership, Role, User
from motcua.accounts.validators import normalise_phone, parse_id_number
from motcua.catalog.models import (
    Case,
    ComponentRequirement,
    Fee,
    ProcedureVersion,
    ProcessStep,
    ResultType,
    TimeUnit,
)
from motcua.catalog.services import steps_of_case
from motcua.core.models import AuditEntry
from motcua.demo import services
from motcua.directory.models import AdministrativeUnit, Agency, Field
from motcua.directory.validators import validate_field_code, validate_identifier_code

pytestmark = pytest.mark.django_db

REFORM = date(2025, 7, 1)
DEMO_MODELS = (
    AdministrativeUnit,
    Agency,
    Field,
    ProcedureVersion,
    Case,
    ComponentRequirement,
    Fee,
    ResultType,
    ProcessStep,
    User,
    Membership,
)


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    # The audit trail is left out: other apps' seeders may log a no-op run.
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model is not AuditEntry
    }


def statutory_hours(case: Case) -> Decimal:
    """The case's time limit in working hours (8 a day); calendar spans count 5 days in 7."""
    limit = case.time_limit
    if case.time_unit == TimeUnit.WORKING_HOURS:
        return limit
    if case.time_unit == TimeUnit.WORKING_DAYS:
        return limit * 8
    days = limit if case.time_unit == TimeUnit.CALENDAR_DAYS else limit * 30
    return Decimal(int(days * 5 / 7) * 8)


def test_loads_on_an_empty_database_and_a_second_run_changes_nothing():
    assert Agency.objects.count() == 0
    first = load()
    counts = row_counts()
    demo_audits = AuditEntry.objects.filter(action="demo.loaded").count()

    second = load()

    assert row_counts() == counts
    assert AuditEntry.objects.filter(action="demo.loaded").count() == demo_audits == 1
    assert "không có gì thay đổi" in second
    assert "không có gì thay đổi" not in first
    for model in DEMO_MODELS:
        assert counts[model._meta.label] > 0, model


@pytest.mark.criterion("PL2-5")
def test_shared_e_catalogues_of_the_province_are_loaded():
    load("--no-users", "--quiet")
    today = timezone.localdate()

    province = AdministrativeUnit.objects.get(code="51")
    assert province.name == "Quảng Ngãi" and province.kind == AdministrativeUnit.Kind.PROVINCE
    communes = AdministrativeUnit.objects.in_force(today).filter(parent=province)
    kinds = {
        kind: communes.filter(kind=kind).count() for kind in ("commune", "ward", "special_zone")
    }
    assert kinds == {"commune": 86, "ward": 9, "special_zone": 1}
    assert communes.count() == 96
    assert len({unit.code for unit in communes}) == 96

    # The 2025 reform, effective-dated: Kon Tum and the districts end on 1/7/2025, with successors.
    kon_tum = AdministrativeUnit.objects.get(code="62")
    assert kon_tum.valid_to == REFORM and kon_tum.successor == province
    binh_son = AdministrativeUnit.objects.get(code="524", kind="district")
    assert not binh_son.in_force_on(today) and binh_son.in_force_on(date(2025, 6, 30))
    assert binh_son.successor.name == "Bình Sơn" and binh_son.successor.kind == "commune"

    for agency in Agency.objects.all():
        validate_identifier_code(agency.code)
    ubnd = Agency.objects.get(code="000.00.00.H48")
    assert ubnd.parent is None and ubnd.administrative_unit == province
    departments = Agency.objects.filter(kind=Agency.Kind.DEPARTMENT, parent=ubnd)
    assert departments.count() == 14
    for department in departments:
        divisions = department.children.filter(kind=Agency.Kind.DIVISION)
        assert 2 <= divisions.count() <= 4, department
        assert all(d.root_agency() == department for d in divisions)
    centre = Agency.objects.get(code="000.90.01.H48")
    assert centre.kind == Agency.Kind.SERVICE_CENTRE and centre.receives_dossiers
    assert centre.parent.code == "000.00.01.H48"  # under the Văn phòng UBND tỉnh (NĐ 118 Điều 7)

    commune_committees = Agency.objects.filter(
        kind=Agency.Kind.PEOPLES_COMMITTEE, level=Agency.Level.COMMUNE
    )
    assert commune_committees.count() >= 8
    for committee in commune_committees:
        assert committee.administrative_unit in communes
        children = committee.children.all()
        assert children.filter(kind=Agency.Kind.SERVICE_CENTRE, receives_dossiers=True).count() == 1
        assert children.filter(kind=Agency.Kind.DIVISION).count() >= 2

    old_district = Agency.objects.get(code="000.00.53.H48")
    assert old_district.valid_to == REFORM and not old_district.in_force_on(today)
    assert old_district.successor.code in {c.code for c in commune_committees}
    assert old_district not in Agency.objects.in_force(today)

    codes = list(Field.objects.values_list("code", flat=True))
    assert len(codes) >= 10
    for code in codes:
        validate_field_code(code)
    assert Field.objects.get(code="G15-TP07").name == "Hộ tịch"


def test_every_procedure_is_published_in_force_and_processable():
    load("--no-users", "--quiet")
    today = timezone.localdate()
    versions = ProcedureVersion.objects.select_related("procedure__field")

    in_force = versions.filter(
        status=ProcedureVersion.Status.PUBLISHED, effective_from__lte=today
    ).exclude(effective_to__lte=today)
    assert in_force.count() == versions.count() >= 40
    assert len({v.procedure.field.code for v in in_force}) >= 10
    assert {v.procedure_id for v in in_force} == set(
        versions.values_list("procedure_id", flat=True)
    )

    two_cases = same_day = 0
    online_levels = set()
    for version in in_force:
        cases = list(version.cases.all())
        assert cases, version
        assert version.components.exists(), version
        assert version.procedure.agencies.exists(), version
        online_levels.add(version.online_level)
        two_cases += len(cases) > 1
        for case in cases:
            steps = steps_of_case(list(version.process_steps.order_by("order")), case)
            assert 3 <= len(steps) <= 6, (version, case)
            assert [s.order for s in steps] == list(range(1, len(steps) + 1))
            assert {s.role for s in steps} <= set(Role.values)
            budget = sum(s.time_budget_hours for s in steps)
            assert 0 < budget <= statutory_hours(case), (version, case, budget)
            same_day += case.time_unit == TimeUnit.WORKING_HOURS
    assert two_cases >= 3 and same_day >= 2
    assert online_levels == {"information", "partial", "full"}


def test_every_back_office_role_has_an_official_and_two_citizens_can_sign_in():
    output = load()

    for role in Role.values:
        membership = Membership.objects.filter(role=role, is_active=True).first()
        assert membership is not None, role
        assert membership.user.full_name and membership.user.title
        assert authenticate(username=membership.user.username, password=services.DEMO_PASSWORD)
        assert membership.user.username in output
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(services.DEMO_PASSWORD)

    citizens = User.objects.filter(is_superuser=False, memberships=None)
    assert citizens.count() == 2
    for citizen in citizens:
        info = parse_id_number(citizen.id_number, citizen.date_of_birth)
        assert info.province_code == "051"
        assert normalise_phone(citizen.phone) == citizen.phone
        assert citizen.address and citizen.can_file
        assert citizen.username in output
    assert services.DEMO_PASSWORD in output and "Mật khẩu" in output


def test_no_users_option_creates_no_accounts():
    output = load("--no-users")
    assert not User.objects.exists()
    assert "Mật khẩu" not in output
    assert Agency.objects.exists()


def test_quiet_prints_nothing():
    assert load("--quiet") == ""


def test_all_names_are_stored_in_nfc():
    load("--quiet")
    checked = 0
    for model in DEMO_MODELS:
        text_fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for row in model._default_manager.values_list(*text_fields):
            for value in row:
                assert unicodedata.is_normalized("NFC", value), value
                checked += 1
    assert checked > 1000


def test_a_broken_data_file_changes_nothing(monkeypatch):
    data = services.read_data("directory.json")
    data["agencies"].append(dict(data["agencies"][1], code="000.00.99.H48", parent="000.99.99.H48"))
    monkeypatch.setattr(services, "read_data", lambda name: data if "directory" in name else {})

    with pytest.raises(ValidationError, match=r"000\.99\.99\.H48"):
        services.load_demo()
    assert not Agency.objects.exists() and not AdministrativeUnit.objects.exists()


@pytest.mark.criterion("PL3-1")
def test_demo_procedures_carry_working_e_forms():
    """At least eight demo procedures have their own e-form: a valid JSON Schema the portal
    renders, naming a declaration component the version really has; the others fall back to
    the generic form."""
    from motcua.portal import eforms

    load("--quiet")
    with_form = ProcedureVersion.objects.exclude(form_schema={})
    assert with_form.count() >= 8
    for version in with_form:
        schema, layout = version.form_schema, version.form_layout
        assert eforms.check_schema(schema, layout) == [], version
        names = set(version.components.values_list("name", flat=True))
        assert layout["declaration_component"] in names, version
        assert eforms.build(schema, layout, {}).children, version
        # An empty form is refused field by field, in Vietnamese.
        assert eforms.validate(schema, layout, {}), version
    generic = ProcedureVersion.objects.filter(form_schema={}).first()
    schema, layout = eforms.form_of(generic)
    assert eforms.check_schema(schema, layout) == []


@pytest.mark.parametrize(
    ("settling_code", "through"),
    [("000.00.03.H48", "000.03.03.H48"), ("000.00.104.H48", None)],
)
def test_every_step_of_the_documented_demo_paths_has_an_official(settling_code, through):
    """du-lieu-minh-hoa.md walks the Sở Tư pháp procedures handled by Phòng Bổ trợ tư pháp and
    every procedure of phường Cẩm Thành: each of their steps opens in a unit where a demo
    official holds the step's role (scope: the unit an official is posted to and below)."""
    load("--quiet")
    settling = Agency.objects.get(code=settling_code)
    scope: dict[str, set[int]] = {}
    for m in Membership.objects.filter(is_active=True).select_related("agency"):
        scope.setdefault(m.role, set()).update(m.agency.descendant_ids())
    versions = ProcedureVersion.objects.filter(procedure__agencies=settling).distinct()
    if through:
        versions = versions.filter(process_steps__handling_unit__code=through).distinct()
    assert versions.count() >= 2
    for version in versions:
        for step in version.process_steps.select_related("handling_unit"):
            if step.role == Role.RECEPTION:
                continue  # the desk that received the dossier, staffed at both desks
            unit = step.handling_unit or settling
            assert unit.pk in scope.get(step.role, set()), (version, step.name, unit.code)
