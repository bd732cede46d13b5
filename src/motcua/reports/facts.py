"""Per-dossier figures and their contributions to the daily/monthly sums.

``compute_fact(source)`` is a pure function of a ``Source`` (what the dossier, its history,
supplements, fees, results, ratings and feedback say), used both by the event-driven refresh
(``load_source`` reads one dossier) and by the synthetic load generator (which builds sources in
memory), so there is one definition of every figure.

The on-time rule (QĐ 766/QĐ-TTg, VPCP's formula description, regs.md §4.2):

- processing ends at the first of: finished (or refused after appraisal), stopped, withdrawn;
- a dossier ends on time when it ends no later than its due moment. The lifecycle engine moves
  the due moment by the working time the applicant took to supplement (or restarts the limit,
  per procedure), so comparing with ``due_at`` subtracts the citizen's supplement time;
- a second supplement request after reception makes the dossier overdue from that request on;
- a dossier still waiting for a supplement is judged at the moment of the request;
- a dossier without a time limit is on time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from motcua.dossiers.models import (
    Dossier,
    DossierChannel,
    DossierComponent,
    DossierFee,
    DossierFile,
    DossierResult,
    SupplementRequest,
    Task,
)
from motcua.dossiers.states import Decision, State
from motcua.feedback.models import Feedback, Satisfaction, SatisfactionRating
from motcua.worktime.core import Calendar, FinishedStatus
from motcua.worktime.services import calendar_for

from .models import DIMENSIONS, EndKind, Timeliness
from .periods import local_day, month_start


@dataclass
class Source:
    """Everything a dossier's figures depend on."""

    dossier_id: int
    code: str
    receiving_agency_id: int
    settling_agency_id: int
    unit_id: int
    field_id: int
    procedure_id: int
    channel: str
    applicant_name: str
    state: str
    decision: str
    submitted_at: dt.datetime
    received_at: dt.datetime | None
    processing_started_at: dt.datetime | None
    due_at: dt.datetime | None
    finished_at: dt.datetime | None
    closed_at: dt.datetime | None
    paused_at: dt.datetime | None
    paused_working_seconds: int
    extension_count: int
    calendar: Calendar
    supplement_requests: list[dt.datetime] = field(default_factory=list)  # after reception
    has_fee: bool = False
    paid_online: bool = False
    paper_result: bool = False
    electronic_result: bool = False
    result_file: bool = False
    component_digitised: bool = False
    reused: bool = False
    citizen_store: bool = False
    verified_owner: bool = False
    satisfaction: str = ""
    rated_at: dt.datetime | None = None
    complaint: bool = False

    @property
    def is_online(self) -> bool:
        return self.channel in DossierChannel.online()


def judge(
    *,
    due_at: dt.datetime | None,
    end_at: dt.datetime | None,
    supplement_requests: list[dt.datetime],
    waiting_since: dt.datetime | None,
) -> tuple[str, dt.datetime | None]:
    """(timeliness of an ended dossier or "", the moment it became overdue or None).

    For an open dossier the moment may lie in the future (its due moment): it counts as overdue
    in any period ending after it, unless the dossier ends first and this is recomputed."""
    second = supplement_requests[1] if len(supplement_requests) > 1 else None
    if end_at is not None:
        if second is not None and second <= end_at:
            return Timeliness.LATE, min(second, due_at) if due_at else second
        if due_at is None:
            return Timeliness.ON_TIME, None
        status = Calendar.classify_finished(end_at, due_at)
        if status is FinishedStatus.LATE:
            return Timeliness.LATE, due_at
        return Timeliness(status.value), None
    candidates = [m for m in (due_at, second) if m is not None]
    if waiting_since is not None:
        # Judged at the request: overdue only if it already was then (or asked a second time).
        candidates = [m for m in candidates if m < waiting_since or m == second]
    return "", min(candidates) if candidates else None


def compute_fact(src: Source) -> dict:
    """The ``DossierFact`` column values of ``src`` (without the primary key)."""
    received = src.received_at is not None
    end_kind = ""
    end_at = None
    if src.finished_at is not None:
        end_kind = EndKind.REFUSED if src.decision == Decision.REFUSED else EndKind.FINISHED
        end_at = src.finished_at
    elif src.state == State.STOPPED:
        end_kind, end_at = EndKind.STOPPED, src.closed_at
    elif src.state == State.WITHDRAWN:
        end_kind, end_at = EndKind.WITHDRAWN, src.closed_at
    elif src.state == State.NOT_RECEIVED:
        end_kind, end_at = EndKind.NOT_RECEIVED, src.closed_at
    timeliness, overdue_from, processing_days = "", None, None
    if received:
        waiting = src.paused_at if src.state == State.SUPPLEMENT_REQUESTED else None
        timeliness, overdue_from = judge(
            due_at=src.due_at,
            end_at=end_at,
            supplement_requests=src.supplement_requests,
            waiting_since=waiting,
        )
        if end_kind in (EndKind.FINISHED, EndKind.REFUSED) and src.processing_started_at:
            worked = src.calendar.working_time_between(src.processing_started_at, end_at)
            # With the pause clock the start stays and the pauses are subtracted; with the
            # restart clock the start moved past them (and nothing was added to the pauses).
            seconds = max(0.0, worked.total_seconds() - src.paused_working_seconds)
            processing_days = round(seconds / (float(src.calendar.hours_per_day) * 3600), 4)
    else:
        # Refused at the desk or withdrawn before reception: no processing figures.
        end_kind = EndKind.NOT_RECEIVED if end_kind == EndKind.NOT_RECEIVED else ""
        end_at = end_at if end_kind else None
    return {
        "code": src.code,
        "receiving_agency_id": src.receiving_agency_id,
        "settling_agency_id": src.settling_agency_id,
        "unit_id": src.unit_id,
        "field_id": src.field_id,
        "procedure_id": src.procedure_id,
        "channel": src.channel,
        "applicant_name": src.applicant_name[:255],
        "state": src.state,
        "submitted_at": src.submitted_at,
        "received_at": src.received_at,
        "due_at": src.due_at,
        "end_at": end_at,
        "end_kind": end_kind,
        "timeliness": timeliness,
        "overdue_from": overdue_from,
        "processing_days": processing_days,
        "supplement_count": len(src.supplement_requests),
        "supplement_days": [local_day(m).isoformat() for m in src.supplement_requests],
        "extension_count": src.extension_count,
        # QĐ 766: an online dossier of a procedure with a paper result counts only once its
        # electronic result is issued.
        "online_counted": src.is_online and (not src.paper_result or src.electronic_result),
        "has_fee": src.has_fee,
        "paid_online": src.has_fee and src.paid_online,
        "paper_result": src.paper_result,
        "electronic_result": src.electronic_result,
        "digitised": src.component_digitised and src.result_file,
        "reused": src.reused,
        "citizen_store": src.citizen_store,
        "citizen_data": src.verified_owner or src.citizen_store or src.channel == "vneid",
        "satisfaction": src.satisfaction,
        "rated_at": src.rated_at,
        "complaint": src.complaint or src.satisfaction == Satisfaction.UNSATISFIED,
    }


# --- contributions ------------------------------------------------------------------------------

Key = tuple  # (grain, day, *DIMENSIONS values)


def contributions(fact: dict) -> dict[Key, dict[str, float]]:
    """What one fact adds to the sums: {(grain, day, dimensions…): {counter: amount}}, for the
    day rows and the month rows."""
    dims = tuple(fact[name] for name in DIMENSIONS)
    out: dict[Key, dict[str, float]] = defaultdict(lambda: defaultdict(float))

    def add(moment: dt.datetime | dt.date | None, **amounts: float) -> None:
        if moment is None:
            return
        day = local_day(moment) if isinstance(moment, dt.datetime) else moment
        for key in (("d", day, *dims), ("m", month_start(day), *dims)):
            row = out[key]
            for name, amount in amounts.items():
                if amount:
                    row[name] += amount

    received = fact["received_at"] is not None
    if received:
        paper = fact["paper_result"]
        add(
            fact["received_at"],
            received=1,
            online_766=fact["online_counted"],
            fee_dossiers=fact["has_fee"],
            paid_online=fact["paid_online"],
            paper_result=paper,
            electronic_result=paper and fact["electronic_result"],
            digitised=fact["digitised"],
            reused=fact["reused"],
            citizen_store=fact["citizen_store"],
            citizen_data=fact["citizen_data"],
            complaints=fact["complaint"],
        )
        end_kind = fact["end_kind"]
        if fact["end_at"] is not None:
            amounts = {"ended": 1, fact["timeliness"]: 1, end_kind: 1}
            if fact["processing_days"] is not None:
                amounts.update(processing_count=1, processing_days=fact["processing_days"])
            add(fact["end_at"], **amounts)
        if fact["overdue_from"] is not None:
            add(fact["overdue_from"], overdue_started=1)
            if fact["end_at"] is not None:
                add(fact["end_at"], overdue_ended=1)
        for day in fact["supplement_days"]:
            add(dt.date.fromisoformat(day), supplement_requests=1)
    elif fact["end_kind"] == EndKind.NOT_RECEIVED:
        add(fact["end_at"], not_received=1)
    if fact["satisfaction"]:
        add(fact["rated_at"], rated=1, **{fact["satisfaction"]: 1})
    return {key: dict(row) for key, row in out.items() if row}


def difference(old: dict | None, new: dict | None) -> dict[Key, dict[str, float]]:
    """``contributions(new) - contributions(old)``, without zero entries."""
    delta: dict[Key, dict[str, float]] = defaultdict(dict)
    for sign, fact in ((-1, old), (1, new)):
        if fact is None:
            continue
        for key, row in contributions(fact).items():
            target = delta[key]
            for name, amount in row.items():
                target[name] = target.get(name, 0) + sign * amount
    return {
        key: {n: a for n, a in row.items() if a}
        for key, row in delta.items()
        if any(a for a in row.values())
    }


# --- reading one dossier ------------------------------------------------------------------------


def unit_of(dossier_id: int, settling_agency_id: int) -> int:
    """The unit that handles the dossier: the agency of its first process step (a division of
    the settling agency, usually), else the settling agency itself."""
    first = (
        Task.objects.filter(dossier_id=dossier_id, kind=Task.Kind.STEP)
        .order_by("order", "id")
        .values_list("agency_id", flat=True)
        .first()
    )
    return first or settling_agency_id


def load_source(dossier_id: int) -> Source | None:
    dossier = (
        Dossier.objects.select_related("procedure_version__procedure", "owner")
        .filter(pk=dossier_id)
        .first()
    )
    if dossier is None:
        return None
    return source_from(dossier)


def source_from(d: Dossier) -> Source:
    procedure = d.procedure_version.procedure
    requests = list(
        SupplementRequest.objects.filter(
            dossier_id=d.pk, stage=SupplementRequest.Stage.PROCESSING
        ).values_list("requested_at", flat=True)
    )
    fees = list(d.fees.values_list("amount", "paid_online", "status"))
    results = list(
        DossierResult.objects.filter(dossier_id=d.pk, kind=DossierResult.Kind.RESULT).values_list(
            "electronic", "file"
        )
    )
    components = (
        DossierComponent.objects.filter(dossier_id=d.pk)
        .annotate(has_file=Exists(DossierFile.objects.filter(component_id=OuterRef("pk"))))
        .values_list("digitised", "has_file", "reused_from_result", "from_citizen_store")
    )
    components = list(components)
    rating = (
        SatisfactionRating.objects.filter(dossier_id=d.pk)
        .order_by("-rated_at", "-id")
        .values_list("overall", "rated_at")
        .first()
    )
    owner = d.owner
    return Source(
        dossier_id=d.pk,
        code=d.code,
        receiving_agency_id=d.receiving_agency_id,
        settling_agency_id=d.settling_agency_id,
        unit_id=unit_of(d.pk, d.settling_agency_id),
        field_id=procedure.field_id,
        procedure_id=procedure.pk,
        channel=d.channel,
        applicant_name=d.applicant_name,
        state=d.state,
        decision=d.decision,
        submitted_at=d.submitted_at,
        received_at=d.received_at,
        processing_started_at=d.processing_started_at,
        due_at=d.due_at,
        finished_at=d.finished_at,
        closed_at=d.closed_at,
        paused_at=d.paused_at,
        paused_working_seconds=d.paused_working_seconds,
        extension_count=d.extension_count,
        calendar=calendar_for(d.settling_agency_id, on=local_day(d.submitted_at)),
        supplement_requests=sorted(requests),
        has_fee=any(
            amount > 0 and status != DossierFee.Status.WAIVED for amount, _o, status in fees
        ),
        paid_online=any(online for _a, online, _s in fees),
        paper_result=d.procedure_version.result_types.filter(is_paper_document=True).exists(),
        electronic_result=any(electronic and file for electronic, file in results),
        result_file=any(file for _e, file in results),
        component_digitised=any(dig or has_file for dig, has_file, _r, _s in components),
        reused=any(reused for _d, _f, reused, _s in components),
        citizen_store=any(store for _d, _f, _r, store in components),
        verified_owner=bool(owner and owner.id_number_verified_at),
        satisfaction=rating[0] if rating else "",
        rated_at=rating[1] if rating else None,
        complaint=Feedback.objects.filter(dossier_id=d.pk).exists(),
    )
