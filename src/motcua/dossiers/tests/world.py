"""A small province for lifecycle tests and the benchmark: a provincial service centre (desk),
a department with two divisions, a commune desk, officials in every role, and one procedure
with a four-step internal process, components, fees and a result type."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from motcua.accounts.models import Membership, Role, User
from motcua.catalog.models import (
    Case,
    ComponentRequirement,
    Fee,
    Procedure,
    ProcedureVersion,
    ProcessAction,
    ProcessStep,
    ResultType,
    TimeUnit,
)
from motcua.directory.models import Agency, Field
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.worktime.models import HolidayYear
from motcua.worktime.services import seed_holidays

_counter = itertools.count(1)


@dataclass
class World:
    desk: Agency
    department: Agency
    division: Agency
    other_department: Agency
    commune_desk: Agency
    version: ProcedureVersion
    case: Case
    users: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, name: str) -> User:
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None


def official(username: str, agency: Agency, *roles: str, title: str = "") -> User:
    user = User.objects.create_user(username, password="x", full_name=username.title())
    user.title = title
    user.save()
    for role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


# (role, name, working hours, allowed actions) of the internal process the world's procedure uses.
DEFAULT_STEPS = [
    (Role.DIVISION_LEADER, "Phân công xử lý", 2, [ProcessAction.FORWARD]),
    (
        Role.SPECIALIST,
        "Thẩm định hồ sơ",
        12,
        [
            ProcessAction.FORWARD,
            ProcessAction.REQUEST_SUPPLEMENT,
            ProcessAction.CONSULT,
            ProcessAction.TRANSFER,
            ProcessAction.REQUEST_PAYMENT,
        ],
    ),
    (
        Role.AGENCY_LEADER,
        "Phê duyệt, ký kết quả",
        4,
        [
            ProcessAction.APPROVE,
            ProcessAction.SIGN,
            ProcessAction.REFUSE,
            ProcessAction.RETURN_BACK,
            ProcessAction.EXTEND,
            ProcessAction.FORWARD,
        ],
    ),
    (Role.CLERK, "Vào sổ, đóng dấu, chuyển kết quả", 2, [ProcessAction.FINISH]),
]


def build_world(
    *,
    time_limit: Decimal | None = Decimal(3),
    supplement_clock: str = "pause",
    steps: list[tuple] | None = None,
    form_schema: dict | None = None,
    fee_online_amount: Decimal | None = None,
) -> World:
    """Build the world; the procedure version is filled as a draft, then published (published
    versions are frozen). ``steps``: (role, name, hours, allowed actions) rows, default
    ``DEFAULT_STEPS``; ``[]`` for a version without an internal process."""
    if not HolidayYear.objects.exists():
        seed_holidays(2018, 2030)
    n = next(_counter)
    suffix = f"{n:02d}"
    province = Agency.objects.create(
        code=f"000.{suffix}.00.H48",
        name=f"UBND tỉnh {n}",
        kind="peoples_committee",
        level="province",
    )
    desk = Agency.objects.create(
        code=f"000.{suffix}.01.H48",
        name=f"Trung tâm Phục vụ hành chính công {n}",
        kind="service_centre",
        level="province",
        parent=province,
        receives_dossiers=True,
    )
    department = Agency.objects.create(
        code=f"000.{suffix}.10.H48",
        name=f"Sở Tư pháp {n}",
        kind="department",
        level="province",
        parent=province,
    )
    division = Agency.objects.create(
        code=f"001.{suffix}.10.H48",
        name=f"Phòng Hành chính tư pháp {n}",
        kind="division",
        level="province",
        parent=department,
    )
    other_department = Agency.objects.create(
        code=f"000.{suffix}.11.H48",
        name=f"Sở Tài chính {n}",
        kind="department",
        level="province",
        parent=province,
    )
    commune_desk = Agency.objects.create(
        code=f"000.{suffix}.60.H48",
        name=f"Trung tâm PVHCC xã {n}",
        kind="service_centre",
        level="commune",
        parent=province,
        receives_dossiers=True,
    )
    field_ = Field.objects.create(code=f"G15-TP{n:02d}", name="Hộ tịch")
    procedure = Procedure.objects.create(
        national_code=f"1.{n:06d}", name="Đăng ký khai sinh", field=field_, agency_level="province"
    )
    procedure.agencies.add(department)
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        status=ProcedureVersion.Status.DRAFT,  # published below, once its rows are in
        effective_from=dt.date(2018, 1, 1),
        channels=["counter", "post", "online"],
        supplement_clock=supplement_clock,
        form_schema=form_schema or {},
    )
    case = Case.objects.create(
        version=version,
        name="Trường hợp thông thường",
        time_limit=time_limit,
        time_unit=TimeUnit.WORKING_DAYS,
    )
    ComponentRequirement.objects.create(version=version, name="Tờ khai đăng ký khai sinh")
    ComponentRequirement.objects.create(version=version, name="Giấy chứng sinh", sort_order=1)
    Fee.objects.create(
        version=version,
        name="Lệ phí đăng ký",
        amount=Decimal(8000),
        amount_online=fee_online_amount,
    )
    ResultType.objects.create(version=version, code="KQ.G15.000001", name="Giấy khai sinh")
    for order, (role, name, hours, actions) in enumerate(
        DEFAULT_STEPS if steps is None else steps, start=1
    ):
        ProcessStep.objects.create(
            version=version,
            order=order,
            name=name,
            role=role,
            handling_unit=division if role in (Role.DIVISION_LEADER, Role.SPECIALIST) else None,
            time_budget_hours=Decimal(hours),
            allowed_actions=[str(a) for a in actions],
        )
    version.status = ProcedureVersion.Status.PUBLISHED
    version.save()
    world = World(desk, department, division, other_department, commune_desk, version, case)
    world.users = {
        "reception": official(f"tiepnhan{n}", desk, Role.RECEPTION, title="Chuyên viên"),
        "commune_reception": official(f"tiepnhanxa{n}", commune_desk, Role.RECEPTION),
        "division_leader": official(f"truongphong{n}", division, Role.DIVISION_LEADER),
        "specialist": official(f"chuyenvien{n}", division, Role.SPECIALIST),
        "specialist2": official(f"chuyenvien2{n}", division, Role.SPECIALIST),
        "agency_leader": official(f"giamdoc{n}", department, Role.AGENCY_LEADER),
        "clerk": official(f"vanthu{n}", department, Role.CLERK),
        "consulted": official(f"phoihop{n}", other_department, Role.SPECIALIST),
        "province_admin": official(f"quantri{n}", province, Role.PROVINCE_ADMIN),
        "citizen": User.objects.create_user(
            f"congdan{n}", password="x", full_name="Nguyễn Văn An", id_number=f"0{n:011d}"
        ),
        "stranger": User.objects.create_user(f"nguoila{n}", password="x"),
    }
    return world


class Clock:
    """A deterministic 'now' for tests: starts on a Monday morning and moves forward."""

    def __init__(self, start: dt.datetime | None = None):
        self.now = start or dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM)

    def tick(self, minutes: int = 5) -> dt.datetime:
        self.now += dt.timedelta(minutes=minutes)
        return self.now


HCM = dt.timezone(dt.timedelta(hours=7))


def applicant(**kw) -> services.ApplicantData:
    values = {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0905123456"}
    values.update(kw)
    return services.ApplicantData(**values)


def counter_dossier(world: World, clock: Clock, **kw) -> Dossier:
    """A paper dossier received at the provincial desk (status 2)."""
    values = {
        "actor": world.reception,
        "procedure_version": world.version,
        "case": world.case,
        "channel": "counter",
        "receiving_agency": world.desk,
        "applicant": applicant(),
        "now": clock.tick(),
    }
    values.update(kw)
    return services.receive_at_counter(**values)


def online_dossier(world: World, clock: Clock, **kw) -> Dossier:
    """A dossier filed on this portal by the world's citizen (status 1)."""
    values = {
        "actor": world.citizen,
        "procedure_version": world.version,
        "case": world.case,
        "channel": "online_portal",
        "receiving_agency": world.desk,
        "applicant": applicant(),
        "return_method": "online",
        "now": clock.tick(),
    }
    values.update(kw)
    return services.submit(**values)


def v(dossier: Dossier) -> dict:
    return {"expected_version": dossier.version}


def drive(world: World, clock: Clock, state: str) -> Dossier:
    """A dossier brought to ``state`` through the services, by the right officials."""
    w, s = world, services
    if state in (State.SUBMITTED, State.INTAKE_FIX_REQUESTED, State.NOT_RECEIVED):
        d = online_dossier(w, clock)
        if state == State.INTAKE_FIX_REQUESTED:
            d = s.request_intake_fix(
                d,
                actor=w.reception,
                **v(d),
                items=["Giấy chứng sinh"],
                reason="Thiếu",
                now=clock.tick(),
            )
        if state == State.NOT_RECEIVED:
            d = s.refuse_reception(
                d, actor=w.reception, **v(d), reason="Sai thẩm quyền", now=clock.tick()
            )
        return d
    if state in (State.WITHDRAWAL_REQUESTED, State.WITHDRAWN):
        d = online_dossier(w, clock)
        d = s.request_withdrawal(
            d, actor=w.citizen, **v(d), reason="Không có nhu cầu", now=clock.tick()
        )
        if state == State.WITHDRAWN:
            d = s.confirm_withdrawal(d, actor=w.reception, **v(d), now=clock.tick())
        return d
    d = counter_dossier(w, clock)
    if state == State.RECEIVED:
        return d
    d = s.forward(d, actor=w.division_leader, **v(d), assignee=w.specialist, now=clock.tick())
    if state == State.PROCESSING:
        return d
    if state == State.SUPPLEMENT_REQUESTED:
        return s.request_supplement(
            d,
            actor=w.specialist,
            **v(d),
            items=["Bản sao giấy đăng ký kết hôn"],
            reason="Thiếu giấy tờ",
            now=clock.tick(),
        )
    if state == State.AWAITING_PAYMENT:
        return s.request_payment(
            d,
            actor=w.specialist,
            **v(d),
            items=[services.FeeData("Phí thẩm định", 50000)],
            now=clock.tick(),
        )
    if state == State.STOPPED:
        return s.stop(d, actor=w.agency_leader, **v(d), reason="Quyết định dừng", now=clock.tick())
    d = s.forward(d, actor=w.specialist, **v(d), now=clock.tick())
    d = s.approve(d, actor=w.agency_leader, **v(d), now=clock.tick())
    d = s.record_result(
        d,
        actor=w.agency_leader,
        **v(d),
        result_type_id=w.version.result_types.first().pk,
        document_number="15/GKS",
        now=clock.tick(),
    )
    d = s.forward(d, actor=w.agency_leader, **v(d), now=clock.tick())
    d = s.record_payment(
        d,
        actor=w.reception,
        **v(d),
        payment=services.PaymentData("cash", "BL-1"),
        now=clock.tick(),
    )
    d = s.finish(d, actor=w.clerk, **v(d), now=clock.tick())
    if state == State.FINISHED:
        return d
    return s.return_result(
        d, actor=w.reception, **v(d), early_return_notified=True, now=clock.tick()
    )
