"""Synthetic dossiers for benchmarks (``motcua generate-load``).

**Benchmark data only.** Dossiers are written in bulk (PostgreSQL ``COPY``, batched inserts on
SQLite) without going through ``motcua.dossiers.services``: no audit entries, no events, no
notifications. What the lifecycle engine guarantees still holds for every generated dossier:
unique, well-formed codes (``<desk>-YYMMDD-NNNN`` from the rule version in force, the desk's
daily counter advanced past them), the state and national status equal to the last history
entry's, history in time order with consecutive ``seq``, due moments from the settling agency's
working calendar (15:00 rule for paper dossiers, supplement pauses shifting the due moment or
restarting the limit, at most one extension), tasks per process step, fees, results,
supplements, ratings and feedback. The statistics are fed from the same ``compute_fact`` as the
event-driven path, and their sums are added at the end of every batch.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate as running_total

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.utils import timezone

from motcua.accounts.models import Membership, Role, User
from motcua.catalog.models import ProcedureVersion, SupplementClock
from motcua.core.text import fold
from motcua.directory.models import Agency
from motcua.dossiers.models import (
    Dossier,
    DossierCodeCounter,
    DossierComponent,
    DossierFee,
    DossierResult,
    Extension,
    HistoryEntry,
    RuleVersion,
    SupplementRequest,
    Task,
)
from motcua.dossiers.models.rules import format_dossier_code
from motcua.dossiers.states import Action, Decision, State, StopReason
from motcua.feedback.models import Feedback, RatingChannel, Satisfaction, SatisfactionRating
from motcua.worktime.core import Calendar, Duration
from motcua.worktime.services import SEED_LAST_YEAR, calendar_for, seed_holidays

from . import aggregates
from .facts import Source, compute_fact
from .models import DossierFact, Timeliness
from .periods import local_day

HOUR = 3600
_POINTS = {Timeliness.EARLY: 2, Timeliness.ON_TIME: 1, Timeliness.LATE: 0}
RESULT_PLACEHOLDER = "synthetic/ket-qua-mo-phong.pdf"
_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Phan"]
_MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Quốc", "Thu", "Đức", "Xuân"]
_GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long", "Mai"]
_GIVEN += ["Nam", "Nga", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến"]
_BUSINESS = ["Công ty TNHH", "Công ty cổ phần", "Hợp tác xã", "Doanh nghiệp tư nhân"]
_TRADE = ["Sông Trà", "Dung Quất", "Thiên Ấn", "Mỹ Khê", "Sa Huỳnh", "Lý Sơn", "Ba Tơ"]
_CHANNELS = ["counter", "post", "online_portal", "national_portal", "vneid"]


@dataclass
class Step:
    step_id: int | None
    name: str
    role: str
    agency_id: int
    hours: float


@dataclass
class Plan:
    """One published procedure version and where its dossiers go."""

    version_id: int
    procedure_id: int
    field_id: int
    online_level: str
    clock: str
    wait_days: int
    case_id: int
    limit: Duration | None
    push_off: bool
    components: list[tuple[int, str, str]]
    fees: list[tuple[int, str, Decimal]]
    result: tuple[int, str, bool] | None
    steps: list[tuple[int | None, str, str, int | None, float]]
    routes: list[tuple[int, int]]  # (settling agency, desk)


@dataclass
class Batch:
    rows: dict[type[models.Model], list[dict]] = field(default_factory=lambda: defaultdict(list))
    facts: list[dict] = field(default_factory=list)


class Writer:
    """Pre-assigned ids and bulk writes (COPY on PostgreSQL)."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self.next_id: dict[type[models.Model], int] = {}
        self.now = timezone.now()

    def ids(self, model: type[models.Model], n: int) -> list[int]:
        if n == 0:
            return []
        table = model._meta.db_table
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, n],
                )
                return [row[0] for row in cursor.fetchall()]
        if model not in self.next_id:
            last = model.objects.aggregate(m=models.Max("pk"))["m"] or 0
            if model is Dossier:  # statistics-only runs use dossier ids no dossier row holds
                last = max(last, DossierFact.objects.aggregate(m=models.Max("pk"))["m"] or 0)
            self.next_id[model] = last + 1
        first = self.next_id[model]
        self.next_id[model] = first + n
        return list(range(first, first + n))

    def write(self, model: type[models.Model], rows: list[dict]) -> None:
        if not rows:
            return
        pk = model._meta.pk
        # Rows without a pre-assigned id take the next value of the table's sequence.
        fields = [f for f in model._meta.concrete_fields if f is not pk or pk.attname in rows[0]]
        if not self.postgres:
            model.objects.bulk_create([model(**row) for row in rows], batch_size=500)
            return
        defaults = {f.attname: self._default(f) for f in fields}
        json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        names = [f.attname for f in fields]
        with connection.cursor() as cursor:
            sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
            with cursor.copy(sql) as copy:
                for row in rows:
                    values = []
                    for name in names:
                        value = row.get(name, defaults[name])
                        if name in json_fields:
                            value = json.dumps(value, ensure_ascii=False)
                        values.append(value)
                    copy.write_row(values)

    def _default(self, f: models.Field):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return self.now
        return f.get_default()  # "" for text columns without a default, like the ORM


def _weighted_days(first: dt.date, last: dt.date, growth: float) -> tuple[list, list]:
    """Every day of the window with a weight growing by ``growth`` a year (more dossiers lately)."""
    days, weights = [], []
    day = first
    while day <= last:
        days.append(day)
        weights.append(1 + growth * (day - first).days / 365)
        day += dt.timedelta(days=1)
    return days, list(running_total(weights))


def _plans(rnd: random.Random) -> list[Plan]:
    versions = ProcedureVersion.objects.filter(status=ProcedureVersion.Status.PUBLISHED)
    desks = list(Agency.objects.filter(receives_dossiers=True))
    if not desks:
        raise RuntimeError("no one-stop desk (Agency.receives_dossiers) — load the demo first")
    province_desk = min(desks, key=lambda a: (a.level != "province", a.code))
    plans = []
    for v in versions.select_related("procedure").prefetch_related(
        "cases", "components", "fees", "result_types", "process_steps", "procedure__agencies"
    ):
        cases = [c for c in v.cases.all() if c.time_limit is not None] or list(v.cases.all())
        if not cases:
            continue
        case = cases[0]
        settling = list(v.procedure.agencies.all())
        if not settling:
            continue
        routes = [(a.pk, _desk_for(a, desks, province_desk).pk) for a in settling]
        steps = [
            (s.pk, s.name, s.role, s.handling_unit_id, float(s.time_budget_hours or 8))
            for s in sorted(v.process_steps.all(), key=lambda s: s.order)
            if s.case_id in (None, case.pk)
        ]
        result = next(iter(v.result_types.all()), None)
        plans.append(
            Plan(
                version_id=v.pk,
                procedure_id=v.procedure_id,
                field_id=v.procedure.field_id,
                online_level=v.online_level,
                clock=v.supplement_clock,
                wait_days=v.supplement_wait_days,
                case_id=case.pk,
                limit=Duration(case.time_limit, case.time_unit) if case.time_limit else None,
                push_off=case.push_off_non_working_day,
                components=[
                    (c.pk, c.name, c.form)
                    for c in v.components.all()
                    if c.required and c.case_id in (None, case.pk)
                ][:3],
                fees=[(f.pk, f.name, f.amount) for f in v.fees.all() if f.amount],
                result=(result.pk, result.name, result.is_paper_document) if result else None,
                steps=steps,
                routes=routes,
            )
        )
    if not plans:
        raise RuntimeError("no published procedure version — load the demo first")
    rnd.shuffle(plans)
    return plans


def _desk_for(agency: Agency, desks: list[Agency], province_desk: Agency) -> Agency:
    """The one-stop desk receiving the agency's dossiers: one below it or beside it (same
    parent or same administrative unit), else the provincial centre."""
    for desk in desks:
        if desk.parent_id == agency.pk:
            return desk
    for desk in desks:
        if agency.administrative_unit_id and desk.administrative_unit_id == (
            agency.administrative_unit_id
        ):
            return desk
        if agency.parent_id and desk.parent_id == agency.parent_id:
            return desk
    return province_desk


class Generator:
    def __init__(
        self,
        *,
        seed: int,
        years: int,
        end: dt.date,
        log: Callable[[str], None],
        facts_only: bool = False,
    ):
        self.facts_only = facts_only
        self.rnd = random.Random(seed)  # noqa: S311  (reproducible synthetic data)
        self.end = end
        self.first = dt.date(end.year - years, end.month, min(end.day, 28)) + dt.timedelta(days=1)
        self.log = log
        self.writer = Writer()
        self.now = timezone.make_aware(dt.datetime.combine(end, dt.time(17, 0)))
        seed_holidays(min(self.first.year, 2020), max(end.year + 1, SEED_LAST_YEAR))
        self.plans = _plans(self.rnd)
        self.plan_weights = list(running_total(1 / (i + 1) ** 0.8 for i in range(len(self.plans))))
        self.days, self.day_weights = _weighted_days(self.first, end, growth=0.3)
        self.rules = list(RuleVersion.objects.order_by("valid_from"))
        self.calendars: dict[int, Calendar] = {}
        self.counters: dict[tuple[int, dt.date], int] = {
            (agency, day): value
            for agency, day, value in DossierCodeCounter.objects.values_list(
                "agency_id", "day", "last_value"
            )
        }
        self.desk_codes = dict(
            Agency.objects.filter(receives_dossiers=True).values_list("pk", "code")
        )
        self.staff = self._staff()
        if not default_storage.exists(RESULT_PLACEHOLDER):
            default_storage.save(RESULT_PLACEHOLDER, ContentFile(_placeholder_pdf()))

    def _staff(self) -> dict[str, User]:
        """An official per role to stand as the actor of history lines and extensions."""
        staff = {}
        for m in Membership.objects.select_related("user").order_by("pk"):
            staff.setdefault(m.role, m.user)
        if Role.AGENCY_LEADER not in staff:
            user, _created = User.objects.get_or_create(
                username="mophong.lanhdao", defaults={"full_name": "Lãnh đạo (dữ liệu mô phỏng)"}
            )
            staff[Role.AGENCY_LEADER] = user
        return staff

    def calendar(self, agency_id: int) -> Calendar:
        cal = self.calendars.get(agency_id)
        if cal is None:
            cal = self.calendars[agency_id] = calendar_for(agency_id, on=self.end)
        return cal

    def rule_for(self, day: dt.date) -> RuleVersion:
        chosen = self.rules[0]
        for rule in self.rules:
            if rule.valid_from is None or rule.valid_from <= day:
                chosen = rule
        return chosen

    def next_seq(self, desk_id: int, day: dt.date) -> int:
        key = (desk_id, day)
        self.counters[key] = value = self.counters.get(key, 0) + 1
        return value

    # --- one dossier -----------------------------------------------------------------------

    def dossier(self, batch: Batch, dossier_id: int) -> None:
        rnd = self.rnd
        plan = rnd.choices(self.plans, cum_weights=self.plan_weights)[0]
        settling_id, desk_id = rnd.choice(plan.routes)
        day = rnd.choices(self.days, cum_weights=self.day_weights)[0]
        years_in = (day - self.first).days / 365
        online_share = min(0.7, 0.04 + 0.06 * years_in) if plan.online_level != "information" else 0
        online = rnd.random() < online_share
        channel = (
            rnd.choice(_CHANNELS[2:] if day.year >= 2025 else _CHANNELS[2:4])
            if online
            else ("post" if rnd.random() < 0.05 else "counter")
        )
        cal = self.calendar(settling_id)
        submitted = self._moment(cal, day, online)
        if submitted > self.now:
            submitted = self.now - dt.timedelta(hours=1)
        rule = self.rule_for(local_day(submitted))
        code = format_dossier_code(
            rule.code_format,
            agency=self.desk_codes[desk_id],
            day=local_day(submitted),
            seq=self.next_seq(desk_id, local_day(submitted)),
        )
        person = rnd.random() < 0.9
        name = self._name(person)
        d = {
            "id": dossier_id,
            "code": code,
            "rule_version_id": rule.pk,
            "procedure_version_id": plan.version_id,
            "case_id": plan.case_id,
            "applicant_kind": "person" if person else "organisation",
            "applicant_name": name,
            "applicant_name_search": fold(name),
            "applicant_id_number": f"{rnd.randrange(10**11, 10**12)}"
            if person
            else f"{rnd.randrange(10**9, 10**10)}",
            "applicant_phone": f"09{rnd.randrange(10**7, 10**8)}",
            "channel": channel,
            "receiving_agency_id": desk_id,
            "settling_agency_id": settling_id,
            "submitted_at": submitted,
            "return_method": "online" if online and rnd.random() < 0.5 else "counter",
            "form_data": {},
        }
        life = _Life(self, batch, plan, d, cal, rule, online)
        life.run()

    def _moment(self, cal: Calendar, day: dt.date, online: bool) -> dt.datetime:
        rnd = self.rnd
        if online:
            minutes = rnd.randrange(6 * 60, 23 * 60)
            return timezone.make_aware(
                dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)
            )
        while not cal.is_working_day(day):
            day += dt.timedelta(days=1)
        sessions = cal.office_hours(day)
        start, end = rnd.choice(sessions)
        span = int((end - start).total_seconds()) - 60
        return start + dt.timedelta(seconds=rnd.randrange(0, max(60, span)))

    def _name(self, person: bool) -> str:
        rnd = self.rnd
        if person:
            return f"{rnd.choice(_FAMILY)} {rnd.choice(_MIDDLE)} {rnd.choice(_GIVEN)}"
        return f"{rnd.choice(_BUSINESS)} {rnd.choice(_TRADE)} {rnd.choice(_GIVEN)}"

    # --- batches ---------------------------------------------------------------------------

    def run(self, count: int, batch_size: int) -> dict:
        started = time.monotonic()
        made = 0
        while made < count:
            n = min(batch_size, count - made)
            batch = Batch()
            ids = self.writer.ids(Dossier, n)
            for dossier_id in ids:
                self.dossier(batch, dossier_id)
            self._flush(batch)
            made += n
            rate = made / max(1e-9, time.monotonic() - started)
            self.log(f"{made:,} / {count:,} hồ sơ ({rate:,.0f} hồ sơ/giây)")
        if not self.facts_only:
            with transaction.atomic():
                self._save_counters()
        return {"dossiers": made, "seconds": round(time.monotonic() - started, 1)}

    def _flush(self, batch: Batch) -> None:
        order = [
            Dossier,
            DossierComponent,
            DossierFee,
            DossierResult,
            Task,
            SupplementRequest,
            Extension,
            HistoryEntry,
            SatisfactionRating,
            Feedback,
        ]
        # Tasks get their ids now, in one round trip; history lines point at them.
        tasks = batch.rows.get(Task, [])
        for task, task_id in zip(tasks, self.writer.ids(Task, len(tasks)), strict=True):
            task["id"] = task_id
        for entry in batch.rows.get(HistoryEntry, []):
            task = entry.pop("_task")
            entry["task_id"] = task["id"] if task else None
        with transaction.atomic():
            for model in [] if self.facts_only else order:
                self.writer.write(model, batch.rows.get(model, []))
            self.writer.write(DossierFact, batch.facts)
            aggregates.add_to_sums(aggregates.accumulate(batch.facts))

    def _save_counters(self) -> None:
        table = connection.ops.quote_name(DossierCodeCounter._meta.db_table)
        rows = [(agency, day, value) for (agency, day), value in self.counters.items()]
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 500):
                chunk = rows[start : start + 500]
                cursor.execute(
                    f"INSERT INTO {table} (agency_id, day, last_value) VALUES "  # noqa: S608
                    + ", ".join(["(%s, %s, %s)"] * len(chunk))
                    + f" ON CONFLICT (agency_id, day) DO UPDATE SET last_value = "
                    f"CASE WHEN {table}.last_value > excluded.last_value "
                    f"THEN {table}.last_value ELSE excluded.last_value END",
                    [value for row in chunk for value in row],
                )


class _Life:
    """The path of one dossier through the lifecycle, cut off at the generator's 'now'."""

    def __init__(self, gen: Generator, batch: Batch, plan: Plan, d: dict, cal, rule, online):
        self.gen, self.batch, self.plan, self.d, self.cal, self.rule = (
            gen,
            batch,
            plan,
            d,
            cal,
            rule,
        )
        self.online = online
        self.rnd = gen.rnd
        self.history: list[tuple] = []  # (at, action, state_after, note, task_index, data)
        self.tasks: list[dict] = []
        self.supplements: list[dict] = []
        self.results: list[dict] = []
        self.state = State.SUBMITTED

    def at_or_before_now(self, moment: dt.datetime) -> bool:
        return moment <= self.gen.now

    def event(self, at, action, state, note="", task=None, data=None) -> None:
        self.history.append((at, action, state, note, task, data or {}))
        self.state = state

    def run(self) -> None:
        rnd, d, cal = self.rnd, self.d, self.cal
        submitted = d["submitted_at"]
        self.event(submitted, Action.SUBMIT, State.SUBMITTED)
        if self.online:
            start = cal.normalise_reception(submitted, apply_cutoff=False)
            received = cal.shift(start, dt.timedelta(seconds=rnd.uniform(0.2, 6) * HOUR))
            outcome = rnd.random()
            if outcome < 0.03:
                return self.close_before(received, Action.REFUSE_RECEPTION, State.NOT_RECEIVED)
            if outcome < 0.04:
                return self.close_before(received, Action.CONFIRM_WITHDRAWAL, State.WITHDRAWN)
        else:
            received = submitted
        if not self.at_or_before_now(received):
            return self.finish_rows()
        self.receive(received)
        self.process()
        self.finish_rows()

    def close_before(self, at: dt.datetime, action: str, state: str) -> None:
        if self.at_or_before_now(at):
            if action == Action.CONFIRM_WITHDRAWAL:
                self.event(
                    at - dt.timedelta(minutes=30),
                    Action.REQUEST_WITHDRAWAL,
                    State.WITHDRAWAL_REQUESTED,
                    "Không có nhu cầu",
                )
            self.event(
                at,
                action,
                state,
                "Hồ sơ không đúng thẩm quyền" if state == State.NOT_RECEIVED else "",
            )
            self.d["closed_at"] = at
        self.finish_rows()

    def receive(self, received: dt.datetime) -> None:
        d, cal, plan = self.d, self.cal, self.plan
        start = cal.normalise_reception(received, apply_cutoff=not self.online)
        d["received_at"] = received
        d["processing_started_at"] = start
        due = (
            cal.add(start, plan.limit, push_off_non_working_day=plan.push_off)
            if plan.limit
            else None
        )
        d["due_at"] = d["original_due_at"] = due
        self.event(received, Action.RECEIVE, State.RECEIVED)

    def process(self) -> None:
        rnd, d, cal, plan = self.rnd, self.d, self.cal, self.plan
        start = d["processing_started_at"]
        due = d["due_at"]
        limit_s = cal.working_time_between(start, due).total_seconds() if due else 5 * 8 * HOUR
        limit_s = max(limit_s, HOUR)
        # Working time the agency needs: mostly well within the limit, some late.
        need = limit_s * (
            rnd.betavariate(2.2, 3.0) * 1.05 if rnd.random() > 0.06 else rnd.uniform(1.0, 1.8)
        )
        roll = rnd.random()
        supplement_at = need * rnd.uniform(0.05, 0.35) if roll < 0.10 else None
        second_at = supplement_at is not None and rnd.random() < 0.12
        steps = plan.steps or [(None, "Giải quyết hồ sơ", Role.SPECIALIST, None, need / HOUR)]
        total_hours = sum(s[4] for s in steps) or 1
        # Walk the work in working time; pauses (citizen time) move everything later.
        clock = start
        worked = 0.0
        waited = 0
        ext_done = False
        pending_supplements = [supplement_at] if supplement_at is not None else []
        if second_at:
            pending_supplements.append(supplement_at + need * 0.2)
        outcome = rnd.random()
        stop_at = need * rnd.uniform(0.2, 0.8) if outcome < 0.015 else None
        if stop_at is not None:
            pending_supplements = []
        for index, (step_id, name, role, unit_id, hours) in enumerate(steps):
            share = need * hours / total_hours
            task = {
                "id": None,
                "kind": Task.Kind.STEP,
                "process_step_id": step_id,
                "order": index + 1,
                "name": name,
                "agency_id": unit_id or d["settling_agency_id"],
                "role": role,
                "started_at": clock,
                "budget_hours": Decimal(str(round(hours, 2))),
                "due_at": cal.shift(clock, dt.timedelta(hours=hours)),
                "status": Task.Status.OPEN,
            }
            self.tasks.append(task)
            if index == 0:
                self.event(clock, Action.FORWARD, State.PROCESSING, task=index)
            end_work = worked + share
            while pending_supplements and pending_supplements[0] <= end_work:
                at_work = pending_supplements.pop(0)
                asked = cal.shift(clock, dt.timedelta(seconds=max(0.0, at_work - worked)))
                clock, worked = asked, at_work
                if not self.at_or_before_now(asked):
                    return
                if not self.supplement(asked, index):
                    return
                clock = self.d["_resumed"]
                waited += 1
            if stop_at is not None and stop_at <= end_work:
                at = cal.shift(clock, dt.timedelta(seconds=max(0.0, stop_at - worked)))
                if self.at_or_before_now(at):
                    task.update(status=Task.Status.CANCELLED, finished_at=at)
                    self.event(at, Action.STOP, State.STOPPED, "Theo quyết định dừng", task=index)
                    self.d.update(closed_at=at, stop_reason=StopReason.AUTHORITY)
                return
            finished = cal.shift(clock, dt.timedelta(seconds=max(0.0, end_work - worked)))
            if (
                not ext_done
                and self.d.get("due_at")
                and finished > self.d["due_at"]
                and rnd.random() < 0.3
                and index < len(steps) - 1
            ):
                ext_done = self.extend(clock, index)
            if not self.at_or_before_now(finished):
                return
            task.update(status=Task.Status.DONE, finished_at=finished)
            clock, worked = finished, end_work
            if index < len(steps) - 1:
                self.event(finished, Action.FORWARD, State.PROCESSING, task=index)
        self.decide(clock, outcome)

    def supplement(self, asked: dt.datetime, task_index: int) -> bool:
        """A supplement request; False if the dossier is still waiting (or closed) at 'now'."""
        rnd, d, cal, plan = self.rnd, self.d, self.cal, self.plan
        second = len(self.supplements) >= 1
        deadline = asked + dt.timedelta(days=plan.wait_days)
        request = {
            "stage": SupplementRequest.Stage.PROCESSING,
            "requested_at": asked,
            "items": ["Bản sao giấy tờ còn thiếu"],
            "reason": "Hồ sơ chưa đầy đủ thành phần theo quy định",
            "deadline": deadline,
            "state_before": State.PROCESSING,
            "counts_as_overdue": second,
            "status": SupplementRequest.Status.OPEN,
        }
        self.supplements.append(request)
        self.event(
            asked,
            Action.REQUEST_SUPPLEMENT,
            State.SUPPLEMENT_REQUESTED,
            request["reason"],
            task=task_index,
            data={"counts_as_overdue": second},
        )
        d["supplement_count_after_reception"] = len(self.supplements)
        d["paused_at"] = asked
        pause = dt.timedelta(seconds=rnd.uniform(0.3, 6) * 8 * HOUR)
        answered = cal.shift(asked, pause)
        never = rnd.random() < 0.06
        if never and self.rule.auto_close_missing_supplement:
            if self.at_or_before_now(deadline):
                request["status"] = SupplementRequest.Status.EXPIRED
                self.tasks[task_index].update(status=Task.Status.CANCELLED, finished_at=deadline)
                self.event(
                    deadline,
                    Action.CLOSE_MISSING_SUPPLEMENT,
                    State.STOPPED,
                    str(StopReason.MISSING_SUPPLEMENT.label),
                )
                d.update(
                    closed_at=deadline, stop_reason=StopReason.MISSING_SUPPLEMENT, paused_at=None
                )
            return False
        if never or not self.at_or_before_now(answered):
            return False
        request.update(status=SupplementRequest.Status.ANSWERED, answered_at=answered)
        paused = int(cal.working_time_between(asked, answered).total_seconds())
        if plan.clock == SupplementClock.RESTART and plan.limit:
            d["processing_started_at"] = cal.normalise_reception(answered, apply_cutoff=False)
            d["due_at"] = cal.add(
                d["processing_started_at"], plan.limit, push_off_non_working_day=plan.push_off
            )
        else:
            d["paused_working_seconds"] = d.get("paused_working_seconds", 0) + paused
            if d.get("due_at"):
                d["due_at"] = cal.shift(d["due_at"], dt.timedelta(seconds=paused))
        for task in self.tasks:
            if task["status"] == Task.Status.OPEN:
                task["due_at"] = cal.shift(task["due_at"], dt.timedelta(seconds=paused))
        d["paused_at"] = None
        self.event(answered, Action.RECEIVE_SUPPLEMENT, State.PROCESSING, task=task_index)
        d["_resumed"] = answered
        return True

    def extend(self, at: dt.datetime, task_index: int) -> bool:
        d, cal = self.d, self.cal
        old = d["due_at"]
        if cal.shift(at, dt.timedelta(hours=8)) > old or not self.at_or_before_now(at):
            return False
        new = cal.shift(old, dt.timedelta(hours=3 * 8))
        self.batch.rows[Extension].append(
            {
                "dossier_id": d["id"],
                "old_due_at": old,
                "new_due_at": new,
                "reason": "Hồ sơ phức tạp, cần thêm thời gian thẩm định",
                "apology_text": "Cơ quan xin lỗi ông/bà vì chậm trả kết quả.",
                "requested_by_id": self.gen.staff[Role.AGENCY_LEADER].pk,
                "at": at,
            }
        )
        d["due_at"] = new
        d["extension_count"] = 1
        self.event(at, Action.EXTEND, self.state, "Xin lỗi và gia hạn", task=task_index)
        return True

    def decide(self, at: dt.datetime, outcome: float) -> None:
        rnd, d, plan = self.rnd, self.d, self.plan
        last = len(self.tasks) - 1
        if outcome > 0.98:
            d.update(decided_at=at, finished_at=at, decision=Decision.REFUSED)
            self.event(
                at, Action.REFUSE_AFTER_APPRAISAL, State.FINISHED, "Không đủ điều kiện", task=last
            )
            self.result(at, refusal=True)
        else:
            d.update(decided_at=at, finished_at=at, decision=Decision.APPROVED)
            self.event(at, Action.APPROVE, State.PROCESSING, task=last)
            self.result(at, refusal=False)
            self.event(at, Action.RECORD_RESULT, State.PROCESSING, task=last)
            if plan.fees:
                self.event(at, Action.RECORD_PAYMENT, State.PROCESSING)
            self.event(at, Action.FINISH, State.FINISHED, task=last)
        returned = self.cal.shift(at, dt.timedelta(seconds=rnd.uniform(0.1, 3) * 8 * HOUR))
        if self.at_or_before_now(returned) and rnd.random() < 0.97:
            d["returned_at"] = returned
            self.event(returned, Action.RETURN_RESULT, State.RETURNED)
            self.rating(returned)

    def result(self, at: dt.datetime, *, refusal: bool) -> None:
        rnd, d, plan = self.rnd, self.d, self.plan
        years_in = (local_day(at) - self.gen.first).days / 365
        electronic = rnd.random() < min(0.95, 0.2 + 0.08 * years_in + (0.2 if self.online else 0))
        result_type = plan.result
        self.results.append(
            {
                "dossier_id": d["id"],
                "kind": DossierResult.Kind.REFUSAL if refusal else DossierResult.Kind.RESULT,
                "result_type_id": None if refusal or not result_type else result_type[0],
                "name": "Phiếu từ chối giải quyết hồ sơ"
                if refusal
                else (result_type[1] if result_type else "Kết quả giải quyết"),
                "document_number": f"{rnd.randrange(1, 9999)}/KQ",
                "issued_at": at,
                "file": RESULT_PLACEHOLDER if electronic else "",
                "signed": electronic,
                "signed_at": at if electronic else None,
                "result_code": f"KQ-{d['code']}" if electronic else "",
                "electronic": electronic,
                "recorded_at": at,
            }
        )

    def rating(self, returned: dt.datetime) -> None:
        rnd, d = self.rnd, self.d
        if rnd.random() > 0.25:
            return
        rated = returned + dt.timedelta(hours=rnd.uniform(0.1, 48))
        if rated > self.gen.now:
            return
        overall = rnd.choices(
            [Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED, Satisfaction.UNSATISFIED],
            weights=[60, 36, 4],
        )[0]
        citizen = (
            2
            if overall == Satisfaction.VERY_SATISFIED
            else (1 if overall == Satisfaction.SATISFIED else 0)
        )
        self.batch.rows[SatisfactionRating].append(
            {
                "dossier_id": d["id"],
                "staff_id": getattr(self.gen.staff.get(Role.RECEPTION), "pk", None),
                "agency_id": d["settling_agency_id"],
                "channel": rnd.choice(RatingChannel.values),
                "rated_at": rated,
                "overall": overall,
                "timeliness": overall,
                "staff_attitude": overall,
                "index_processing_time": None,  # filled from the fact below
                "index_body_time": None,
                "index_contacts": 2 if len(self.supplements) == 0 else 1,
                "index_bodies": rnd.choice([1, 2]),
                "index_publicity": citizen,
                "index_attitude": citizen,
            }
        )
        d["_rating"] = (overall, rated)
        if overall == Satisfaction.UNSATISFIED and rnd.random() < 0.3:
            self.feedback(rated)

    def feedback(self, at: dt.datetime) -> None:
        rnd, d, cal = self.rnd, self.d, self.cal
        accepted = cal.shift(at, dt.timedelta(hours=rnd.uniform(1, 20)))
        answered = cal.shift(accepted, dt.timedelta(hours=rnd.uniform(8, 140)))
        done = answered <= self.gen.now
        self.batch.rows[Feedback].append(
            {
                "dossier_id": d["id"],
                "agency_id": d["settling_agency_id"],
                "channel": RatingChannel.PORTAL,
                "kind": Feedback.Kind.PROCESSING,
                "subject": f"Phản ánh về hồ sơ {d['code']}",
                "content": "Thời gian giải quyết kéo dài, đề nghị xem xét.",
                "sender_name": d["applicant_name"],
                "status": Feedback.Status.ANSWERED if done else Feedback.Status.PROCESSING,
                "received_at": at,
                "accepted_at": accepted,
                "answered_at": answered if done else None,
                "published_at": answered if done else None,
                "answer": "Cơ quan đã kiểm tra và trả lời." if done else "",
                "outcome": Feedback.Outcome.EXPLAINED if done else "",
                "sender_satisfied": rnd.random() < 0.7 if done else None,
            }
        )
        d["_complaint"] = True

    # --- rows ------------------------------------------------------------------------------

    def finish_rows(self) -> None:
        rnd, d, plan, batch, gen = self.rnd, self.d, self.plan, self.batch, self.gen
        dossier_id = d["id"]
        d["state"] = self.state
        d["national_status"] = gen_status(self.rule, self.state)
        d["version"] = len(self.history)
        d.setdefault("paused_working_seconds", 0)
        d.setdefault("supplement_count_after_reception", 0)
        d.setdefault("extension_count", 0)
        if self.state == State.SUPPLEMENT_REQUESTED and not d.get("paused_at"):
            d["paused_at"] = self.supplements[-1]["requested_at"]
        rating = d.pop("_rating", None)
        complaint = d.pop("_complaint", False)
        d.pop("_resumed", None)
        batch.rows[Dossier].append(d)
        years_in = (local_day(d["submitted_at"]) - gen.first).days / 365
        digitised = rnd.random() < min(0.95, 0.1 + 0.1 * years_in)
        reused = rnd.random() < 0.05 + 0.02 * years_in
        store = self.online and rnd.random() < 0.25
        for order, (req_id, name, form) in enumerate(plan.components):
            batch.rows[DossierComponent].append(
                {
                    "dossier_id": dossier_id,
                    "requirement_id": req_id,
                    "name": name[:1000],
                    "form": form,
                    "digitised": digitised,
                    "reused_from_result": reused and order == 0,
                    "from_citizen_store": store and order == 0,
                    "sort_order": order,
                }
            )
        received = d.get("received_at")
        paid_online = False
        if received is not None:
            paid = d.get("finished_at") is not None
            paid_online = paid and rnd.random() < (0.75 if self.online else 0.05)
            for fee_id, name, amount in plan.fees:
                batch.rows[DossierFee].append(
                    {
                        "dossier_id": dossier_id,
                        "catalog_fee_id": fee_id,
                        "name": name[:500],
                        "amount": amount,
                        "status": DossierFee.Status.PAID if paid else DossierFee.Status.DUE,
                        "requested_at": received,
                        "paid_at": d.get("finished_at") if paid else None,
                        "method": "online" if paid_online else ("cash" if paid else ""),
                        "paid_online": paid_online,
                        "online_channel": "payment_platform" if paid_online else "",
                    }
                )
        for task in self.tasks:
            task["dossier_id"] = dossier_id
            batch.rows[Task].append(task)
        for request in self.supplements:
            request["dossier_id"] = dossier_id
            batch.rows[SupplementRequest].append(request)
        if not gen.facts_only:
            self.history_rows()
        results = self.results
        batch.rows[DossierResult].extend(results)
        fact = compute_fact(
            Source(
                dossier_id=dossier_id,
                code=d["code"],
                receiving_agency_id=d["receiving_agency_id"],
                settling_agency_id=d["settling_agency_id"],
                unit_id=self.tasks[0]["agency_id"] if self.tasks else d["settling_agency_id"],
                field_id=plan.field_id,
                procedure_id=plan.procedure_id,
                channel=d["channel"],
                applicant_name=d["applicant_name"],
                state=self.state,
                decision=d.get("decision", ""),
                submitted_at=d["submitted_at"],
                received_at=received,
                processing_started_at=d.get("processing_started_at"),
                due_at=d.get("due_at"),
                finished_at=d.get("finished_at"),
                closed_at=d.get("closed_at"),
                paused_at=d.get("paused_at"),
                paused_working_seconds=d["paused_working_seconds"],
                extension_count=d["extension_count"],
                calendar=self.cal,
                supplement_requests=[r["requested_at"] for r in self.supplements],
                has_fee=bool(plan.fees) and received is not None,
                paid_online=paid_online,
                paper_result=bool(plan.result and plan.result[2]),
                electronic_result=any(
                    r["electronic"] and r["file"] and r["kind"] == "result" for r in results
                ),
                result_file=any(r["file"] and r["kind"] == "result" for r in results),
                component_digitised=digitised and bool(plan.components),
                reused=reused and bool(plan.components),
                citizen_store=store and bool(plan.components),
                verified_owner=False,
                satisfaction=rating[0] if rating else "",
                rated_at=rating[1] if rating else None,
                complaint=complaint,
            )
        )
        if rating:
            # TT 01/2018 indices 1 and 2, as ``feedback.services.record_rating`` computes them.
            row = batch.rows[SatisfactionRating][-1]
            row["index_processing_time"] = _POINTS.get(fact["timeliness"])
            done = [t for t in self.tasks if t.get("finished_at")]
            row["index_body_time"] = (
                min(
                    _POINTS[Calendar.classify_finished(t["finished_at"], t["due_at"])] for t in done
                )
                if done
                else None
            )
        batch.facts.append({"dossier_id": dossier_id, **fact})

    def history_rows(self) -> None:
        d, gen = self.d, self.gen
        rule = self.rule
        before_state, before_status = "", None
        history = sorted(self.history, key=lambda h: h[0])
        for seq, (at, action, state, note, task_index, data) in enumerate(history, start=1):
            status = gen_status(rule, state)
            task = self.tasks[task_index] if task_index is not None else None
            role = task["role"] if task else Role.RECEPTION
            actor = gen.staff.get(role)
            self.batch.rows[HistoryEntry].append(
                {
                    "dossier_id": d["id"],
                    "seq": seq,
                    "at": at,
                    "actor_id": actor.pk if actor and action != Action.SUBMIT else None,
                    "actor_name": str(actor)
                    if actor and action != Action.SUBMIT
                    else d["applicant_name"],
                    "actor_role": role if action != Action.SUBMIT else "",
                    "actor_unit_id": task["agency_id"] if task else d["receiving_agency_id"],
                    "action": action,
                    "state_before": before_state,
                    "state_after": state,
                    "status_before": before_status,
                    "status_after": status,
                    "note": note,
                    "_task": task,  # its id is known when the batch is written
                    "step_started_at": task["started_at"] if task else None,
                    "step_due_at": task["due_at"] if task else None,
                    "step_finished_at": task.get("finished_at") if task else None,
                    "data": data,
                }
            )
            before_state, before_status = state, status


def gen_status(rule: RuleVersion, state: str) -> int:
    return rule.national_status_for(state)


def _placeholder_pdf() -> bytes:
    """A one-page PDF standing for every synthetic electronic result."""
    from motcua.documents.content import Document, Header, Paragraph
    from motcua.documents.rendering import render_pdf

    return render_pdf(
        Document(
            form_set="",
            form_number="",
            title="KẾT QUẢ GIẢI QUYẾT (DỮ LIỆU MÔ PHỎNG)",
            header=Header(superior="", issuer="HỆ THỐNG MỘT CỬA ĐIỆN TỬ", place_date=""),
            blocks=[Paragraph("Tệp minh họa dùng chung cho dữ liệu đo hiệu năng.")],
        )
    )


def generate(
    count: int,
    *,
    years: int = 10,
    seed: int = 1,
    end: dt.date | None = None,
    batch_size: int = 5000,
    log: Callable[[str], None] = print,
    facts_only: bool = False,
) -> dict:
    """Create ``count`` synthetic dossiers over the ``years`` before ``end`` (today).

    ``facts_only`` writes only their statistics (``DossierFact`` rows and the sums), not the
    dossiers: a data point for the statistics at a scale the disk could not hold in full."""
    generator = Generator(
        seed=seed,
        years=years,
        end=end or timezone.localdate(),
        log=log,
        facts_only=facts_only,
    )
    return generator.run(count, batch_size)
