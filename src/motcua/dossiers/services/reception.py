"""Intake and reception: submission on any channel, receiving, asking for fixes before
reception, refusal at reception, resubmission and online amendment (NĐ 61 Điều 17; NĐ 118
Điều 17, 21)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

import jsonschema
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Role
from motcua.catalog.models import Case, Fee, ProcedureVersion

from .. import deadlines
from ..codes import allocate_code
from ..models import (
    Applicant,
    Dossier,
    DossierChannel,
    DossierComponent,
    DossierFee,
    ReturnMethod,
    SupplementRequest,
)
from ..permissions import Authorisation, scope_of
from ..rules import rules_for
from ..states import Action, State
from . import _process
from ._base import Act, perform, precondition, refuse
from ._components import clean_items, required_components, store_components, supply_missing
from .inputs import ApplicantData, ComponentData, PaymentData, SubmitterData

_CATALOG_CHANNEL = {
    DossierChannel.COUNTER: "counter",
    DossierChannel.POST: "post",
    DossierChannel.ONLINE_PORTAL: "online",
    DossierChannel.NATIONAL_PORTAL: "online",
    DossierChannel.VNEID: "online",
}


def submit(
    *,
    actor,
    procedure_version: ProcedureVersion,
    case: Case,
    channel: str,
    receiving_agency,
    applicant: ApplicantData,
    settling_agency=None,
    submitter: SubmitterData | None = None,
    owner=None,
    form_data: dict | None = None,
    summary: str = "",
    components: Sequence[ComponentData] | None = None,
    return_method: str = ReturnMethod.COUNTER,
    delivery_address: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """Create a dossier in status 1 (Mới đăng ký) and give it its code.

    Who: a citizen filing online on this portal (they become its owner); a reception officer
    registering a counter or postal dossier at their desk; the system (``actor=None``) for
    dossiers pushed by the national portal or VNeID. ``components=None`` takes the case's
    required components as received. ``note``: what the registration's history line says (for a
    postal dossier, the desk records the item number and the day it arrived).
    """
    now = now or timezone.now()
    auth = _authorise_submit(actor, channel, receiving_agency)
    if owner is None and channel == DossierChannel.ONLINE_PORTAL and actor is not None:
        owner = actor
    settling_agency = _validate_submission(
        procedure_version, case, channel, receiving_agency, settling_agency, applicant, form_data
    )
    rules = rules_for(now)
    with transaction.atomic():
        dossier = Dossier(
            rule_version=rules,
            procedure_version=procedure_version,
            case=case,
            applicant=_applicant_row(applicant),
            owner=owner,
            applicant_kind=applicant.kind,
            applicant_name=applicant.name,
            applicant_id_number=applicant.id_number.strip(),
            applicant_date_of_birth=applicant.date_of_birth,
            applicant_address=applicant.address,
            applicant_phone=applicant.phone,
            applicant_email=applicant.email,
            channel=channel,
            receiving_agency=receiving_agency,
            settling_agency=settling_agency,
            submitted_at=now,
            return_method=return_method,
            delivery_address=delivery_address,
            form_data=form_data or {},
            summary=summary[:1000],
            state=State.SUBMITTED,
            version=0,
        )
        if submitter is not None:
            dossier.submitter_name = submitter.name
            dossier.submitter_id_number = submitter.id_number
            dossier.submitter_phone = submitter.phone
            dossier.submitter_relation = submitter.relation
        if dossier.is_online and rules.intake_alert_hours:
            dossier.intake_alert_due_at = now + dt.timedelta(hours=rules.intake_alert_hours)
        if dossier.is_online and rules.intake_decision_working_hours:
            dossier.intake_due_at = deadlines.add_working_hours(
                receiving_agency, now, rules.intake_decision_working_hours
            )
        dossier.code = allocate_code(agency=receiving_agency, moment=now, rule_version=rules)
        dossier.save()
        if components is None:
            components = required_components(dossier)
        store_components(dossier, components, actor=actor, now=now)
        act = Act(Action.SUBMIT, dossier, actor, now, auth=auth, status_before=None)
        act.data = {"channel": channel}
        act.note = note.strip()
        act.commit()
    return dossier


def _authorise_submit(actor, channel: str, receiving_agency) -> Authorisation:
    if actor is None:
        return Authorisation()
    if channel in (DossierChannel.COUNTER, DossierChannel.POST):
        held = scope_of(actor).role_in(receiving_agency.pk, {Role.RECEPTION})
        if held:
            return Authorisation(held[0], held[1])
        raise PermissionDenied(
            _("Chỉ cán bộ tiếp nhận của %(desk)s được tiếp nhận hồ sơ tại quầy.")
            % {"desk": receiving_agency.name}
        )
    if channel == DossierChannel.ONLINE_PORTAL and getattr(actor, "is_authenticated", False):
        return Authorisation()
    raise PermissionDenied(
        _("Hồ sơ từ Cổng Dịch vụ công quốc gia và VNeID chỉ do hệ thống kết nối chuyển đến.")
    )


def _validate_submission(version, case, channel, desk, settling, applicant, form_data):
    errors: dict[str, str] = {}
    if version.status != ProcedureVersion.Status.PUBLISHED:
        errors["procedure_version"] = _("Thủ tục này chưa được công bố hoặc đã hết hiệu lực.")
    if case.version_id != version.pk:
        errors["case"] = _("Trường hợp không thuộc thủ tục đã chọn.")
    if channel not in DossierChannel.values:
        errors["channel"] = _("Kênh nộp hồ sơ không hợp lệ.")
    elif version.channels and _CATALOG_CHANNEL[channel] not in version.channels:
        errors["channel"] = _("Thủ tục này không tiếp nhận hồ sơ qua kênh “%(channel)s”.") % {
            "channel": DossierChannel(channel).label
        }
    if not desk.receives_dossiers:
        errors["receiving_agency"] = _("“%(name)s” không phải là Bộ phận Một cửa.") % {
            "name": desk.name
        }
    if not applicant.name.strip():
        errors["applicant"] = _("Vui lòng nhập họ tên hoặc tên tổ chức của chủ hồ sơ.")
    competent = list(version.procedure.agencies.all())
    if settling is None:
        if len(competent) == 1:
            settling = competent[0]
        elif not competent:
            settling = desk
        else:
            errors["settling_agency"] = _("Vui lòng chọn cơ quan giải quyết hồ sơ.")
    elif competent and settling not in competent:
        errors["settling_agency"] = _("“%(name)s” không có thẩm quyền giải quyết thủ tục này.") % {
            "name": settling.name
        }
    if version.form_schema and form_data is not None:
        try:
            jsonschema.validate(form_data, version.form_schema)
        except jsonschema.ValidationError as exc:
            errors["form_data"] = _("Tờ khai chưa hợp lệ: %(detail)s") % {"detail": exc.message}
    if errors:
        raise ValidationError(errors)
    return settling


def _applicant_row(data: ApplicantData) -> Applicant | None:
    """The reusable applicant record, found by ID number (counter re-use) or created."""
    number = data.id_number.strip()
    if not number:
        return None
    applicant, created = Applicant.objects.get_or_create(
        kind=data.kind,
        id_number=number,
        defaults={
            "name": data.name,
            "date_of_birth": data.date_of_birth,
            "address": data.address,
            "phone": data.phone,
            "email": data.email,
        },
    )
    if not created:
        for attr in ("name", "address", "phone", "email", "date_of_birth"):
            value = getattr(data, attr)
            if value:
                setattr(applicant, attr, value)
        applicant.save()
    return applicant


def receive_at_counter(*, actor, collect_fees: PaymentData | None = None, **submission) -> Dossier:
    """The usual counter path: register and receive in one transaction (two history lines)."""
    with transaction.atomic():
        dossier = submit(actor=actor, **submission)
        return receive(
            dossier,
            actor=actor,
            expected_version=dossier.version,
            collect_fees=collect_fees,
            now=submission.get("now"),
        )


def receive(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    settling_agency=None,
    collect_fees: PaymentData | None = None,
    return_method: str | None = None,
    delivery_address: str | None = None,
    components: Sequence[ComponentData] = (),
    note: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """Receive a complete dossier (status 2): start the clock (15:00 rule for paper), set the
    due moment from the case's time limit, create the fees, open the first processing step.
    The settling agency may be chosen here (reception regardless of administrative boundary).
    ``components``: papers the applicant brings to the desk now, after a request to complete
    the dossier — they settle the components still missing (``supply_missing``), in the same
    transaction, so the desk receives the completed dossier in one step."""
    with perform(
        Action.RECEIVE, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        d = act.dossier
        if settling_agency is not None and settling_agency.pk != d.settling_agency_id:
            competent = list(d.procedure_version.procedure.agencies.all())
            if competent and settling_agency not in competent:
                raise ValidationError(
                    {
                        "settling_agency": _(
                            "“%(name)s” không có thẩm quyền giải quyết thủ tục này."
                        )
                        % {"name": settling_agency.name}
                    }
                )
            d.settling_agency = settling_agency
        if components:
            act.data["supplied"] = supply_missing(d, components, actor=actor, now=act.now)
        if d.components.filter(status=DossierComponent.Status.MISSING).exists():
            raise ValidationError(
                _("Hồ sơ còn thiếu thành phần; hãy yêu cầu bổ sung, hoàn thiện hồ sơ.")
            )
        if return_method is not None:
            d.return_method = return_method
        if delivery_address is not None:
            d.delivery_address = delivery_address
        if d.return_method == ReturnMethod.POST and not d.delivery_address.strip():
            raise ValidationError(
                {"delivery_address": _("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.")}
            )
        d.received_at = act.now
        d.processing_started_at = deadlines.processing_start(d, act.now)
        d.due_at = d.original_due_at = deadlines.dossier_due(d, d.processing_started_at)
        _create_fees(d, act.now, collect_fees)
        SupplementRequest.objects.filter(dossier=d, status=SupplementRequest.Status.OPEN).update(
            status=SupplementRequest.Status.ANSWERED, answered_at=act.now
        )
        _start_process(act)
        act.set_state(State.RECEIVED)
        act.note = note
        if d.intake_due_at and act.now > d.intake_due_at:
            act.data["intake_late"] = True
    return act.dossier


def _create_fees(dossier: Dossier, now, payment: PaymentData | None) -> None:
    fees = [
        f
        for f in Fee.objects.filter(version_id=dossier.procedure_version_id)
        if f.case_id in (None, dossier.case_id)
    ]
    for fee in fees:
        amount = (
            fee.amount_online if dossier.is_online and fee.amount_online is not None else fee.amount
        )
        paid = payment is not None and fee.collected_at == Fee.CollectedAt.RECEPTION
        DossierFee.objects.create(
            dossier=dossier,
            catalog_fee=fee,
            name=fee.name,
            amount=amount,
            collected_at=fee.collected_at,
            requested_at=now,
            status=DossierFee.Status.PAID if paid or amount == 0 else DossierFee.Status.DUE,
            paid_at=now if paid else None,
            method=payment.method if paid else "",
            receipt_number=payment.receipt_number if paid else "",
            paid_online=payment.paid_online if paid else False,
            online_channel=payment.online_channel if paid else "",
        )


def _start_process(act: Act) -> None:
    """Record the leading reception steps as done by the receiving officer and open the next
    step, at the settling agency (the electronic transfer of NĐ 118 Điều 18). A process made
    only of reception steps (settled at the desk) keeps its last step open for the desk."""
    d = act.dossier
    steps = _process.steps_for(d)
    leading = list(itertools.takewhile(lambda s: s.role == Role.RECEPTION, steps))
    if steps and len(leading) == len(steps):
        leading = leading[:-1]
    for step in leading:
        _process.close(_process.open_step(d, step, act.now, assignee=act.actor), act.now)
    remaining = steps[len(leading) :]
    first = remaining[0] if remaining else None
    at_desk = first is not None and first.role == Role.RECEPTION
    act.task = _process.open_step(d, first, act.now, assignee=act.actor if at_desk else None)


def request_intake_fix(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    items: Sequence[str],
    reason: str,
    now: dt.datetime | None = None,
) -> Dossier:
    """Before reception: tell the applicant once, completely, what to add or fix (Mẫu 02)."""
    with perform(
        Action.REQUEST_INTAKE_FIX, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        items = clean_items(items)
        if not items or not reason.strip():
            raise ValidationError(
                _("Phải nêu đầy đủ, một lần các giấy tờ cần bổ sung, hoàn thiện và lý do.")
            )
        SupplementRequest.objects.create(
            dossier=act.dossier,
            stage=SupplementRequest.Stage.RECEPTION,
            requested_at=act.now,
            requested_by=actor,
            items=items,
            reason=reason.strip(),
            state_before=act.state_before,
        )
        act.set_state(State.INTAKE_FIX_REQUESTED)
        act.note = reason.strip()
        act.data["items"] = items
        act.payload["items"] = items
    return act.dossier


def refuse_reception(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    reason: str,
    now: dt.datetime | None = None,
) -> Dossier:
    """Refuse to receive (status 3, Mẫu 03), stating the reason."""
    with perform(
        Action.REFUSE_RECEPTION, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        if not reason.strip():
            raise ValidationError({"reason": _("Vui lòng nêu rõ lý do từ chối tiếp nhận.")})
        act.set_state(State.NOT_RECEIVED)
        act.dossier.closed_at = act.now
        act.dossier.closing_note = reason.strip()
        act.note = reason.strip()
    return act.dossier


def resubmit(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    form_data: dict | None = None,
    components: Sequence[ComponentData] = (),
    note: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """The applicant sends the fixed online dossier back to the intake queue (status 1)."""
    with perform(
        Action.RESUBMIT, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        d = act.dossier
        _apply_form_data(d, form_data)
        store_components(d, components, actor=actor, now=act.now, supplemented=True)
        d.submitted_at = act.now
        rules = d.rule_version
        if rules.intake_alert_hours:
            d.intake_alert_due_at = act.now + dt.timedelta(hours=rules.intake_alert_hours)
            d.intake_alerted_at = None
        if rules.intake_decision_working_hours:
            d.intake_due_at = deadlines.add_working_hours(
                d.receiving_agency, act.now, rules.intake_decision_working_hours
            )
            d.intake_overdue_notified_at = None
        SupplementRequest.objects.filter(dossier=d, status=SupplementRequest.Status.OPEN).update(
            status=SupplementRequest.Status.ANSWERED, answered_at=act.now, answer_note=note
        )
        act.set_state(State.SUBMITTED)
        act.note = note
    return act.dossier


@precondition(Action.AMEND)
def _amendment_allowed(act: Act) -> None:
    d = act.dossier
    if not d.rule_version.online_amendment_enabled:
        refuse(_("Quy định áp dụng cho hồ sơ này không cho phép điều chỉnh hồ sơ trực tuyến."))
    if d.decision:
        refuse(_("Hồ sơ đã có quyết định giải quyết, không thể điều chỉnh."))


def amend(
    dossier: Dossier | int,
    *,
    actor,
    expected_version: int | None,
    form_data: dict | None = None,
    components: Sequence[ComponentData] = (),
    note: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """The applicant amends an online dossier before the decision (NĐ 118 Điều 21.2)."""
    with perform(
        Action.AMEND, dossier, actor=actor, expected_version=expected_version, now=now
    ) as act:
        d = act.dossier
        if form_data is None and not components:
            raise ValidationError(_("Không có nội dung nào được điều chỉnh."))
        changed = _apply_form_data(d, form_data)
        store_components(d, components, actor=actor, now=act.now, supplemented=True)
        act.note = note
        act.data["changed_fields"] = changed
        act.data["added_components"] = [c.name for c in components]
    return act.dossier


def _apply_form_data(dossier: Dossier, form_data: dict | None) -> list[str]:
    if form_data is None:
        return []
    schema = dossier.procedure_version.form_schema
    if schema:
        try:
            jsonschema.validate(form_data, schema)
        except jsonschema.ValidationError as exc:
            raise ValidationError(
                {"form_data": _("Tờ khai chưa hợp lệ: %(detail)s") % {"detail": exc.message}}
            ) from exc
    old = dossier.form_data or {}
    changed = sorted(k for k in set(old) | set(form_data) if old.get(k) != form_data.get(k))
    dossier.form_data = form_data
    return changed
