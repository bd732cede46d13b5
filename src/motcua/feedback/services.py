"""The only write path of ratings and feedback: check who acts, validate, write, audit, publish
an event (the statistics refresh the dossier's figures after commit) — all in one transaction,
nothing written when anything is refused.

A dossier is rated once, after its result (status 9 or 10): by its owner on the portal or at the
desk's tablet (``rate_as_applicant``, ``rate_at_counter``). Feedback goes received → accepted
(answer due in 15 working days) or refused → answered → published.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import audit, events
from motcua.directory.models import Agency
from motcua.dossiers.models import Dossier, HistoryEntry, Task
from motcua.dossiers.states import Action, State
from motcua.worktime.core import Duration, FinishedStatus, Unit
from motcua.worktime.services import calendar_for

from . import permissions
from .models import FaqEntry, Feedback, RatingChannel, Satisfaction, SatisfactionRating

# QĐ 766 counts feedback as handled on time when accepted or refused within 2 working days of
# its reception and answered within 15 working days of its acceptance.
ACCEPT_WORKING_DAYS = 2
ANSWER_WORKING_DAYS = 15
# A dossier is rated once it has its result (status 9 "Đã xử lý xong" or 10 "Đã trả kết quả").
RATEABLE_STATES = frozenset({State.FINISHED, State.RETURNED})
_POINTS = {FinishedStatus.EARLY: 2, FinishedStatus.ON_TIME: 1, FinishedStatus.LATE: 0}


@dataclass(frozen=True)
class RatingData:
    """What the applicant said. ``details`` keys: ease_of_use, response_time, timeliness,
    staff_attitude (3-level scale); ``indices`` keys: contacts, bodies, publicity, attitude
    (TT 01/2018 indices 3, 4, 6, 7 scored 2/1/0)."""

    overall: str
    channel: str
    details: dict[str, str] | None = None
    indices: dict[str, int] | None = None
    comment: str = ""


DETAIL_FIELDS = ("ease_of_use", "response_time", "timeliness", "staff_attitude")
CITIZEN_INDICES = {
    "contacts": "index_contacts",
    "bodies": "index_bodies",
    "publicity": "index_publicity",
    "attitude": "index_attitude",
}


def _classify(finished: dt.datetime | None, due: dt.datetime | None) -> FinishedStatus | None:
    if finished is None:
        return None
    if due is None:
        return FinishedStatus.ON_TIME
    return calendar_for(None).classify_finished(finished, due)


def processing_time_index(dossier: Dossier) -> int | None:
    """TT 01/2018 index 1: shorter than the time limit 2, equal 1, longer 0; a second
    supplement request after reception counts as late (QĐ 766)."""
    if dossier.supplement_count_after_reception > 1 and dossier.finished_at is not None:
        return 0
    status = _classify(dossier.finished_at or dossier.closed_at, dossier.due_at)
    return None if status is None else _POINTS[status]


def body_time_index(dossier: Dossier) -> int | None:
    """TT 01/2018 index 2: every participating body (steps, consultations, inter-agency legs)
    within its allotted time — all earlier 2, none later 1, any later 0."""
    tasks = dossier.tasks.filter(due_at__isnull=False, finished_at__isnull=False).exclude(
        status=Task.Status.CANCELLED
    )
    points = [_POINTS[_classify(t.finished_at, t.due_at)] for t in tasks]
    return min(points) if points else None


def _check_scale(value: str, label: str) -> None:
    if value and value not in Satisfaction.values:
        raise ValidationError(_("Mức độ hài lòng “%(label)s” không hợp lệ.") % {"label": label})


def record_rating(
    dossier: Dossier,
    data: RatingData,
    *,
    actor=None,
    staff=None,
    agency: Agency | None = None,
    now: dt.datetime | None = None,
) -> SatisfactionRating:
    """Record the rating of ``dossier`` (of ``staff``/``agency`` when given, else of the
    settling agency); a dossier has at most one. Indices 1 and 2 are computed from the
    dossier's timing."""
    now = now or timezone.now()
    if not data.overall:
        raise ValidationError(_("Vui lòng chọn mức độ hài lòng chung."))
    _check_scale(data.overall, _("hài lòng chung"))
    if data.channel not in RatingChannel.values:
        raise ValidationError(_("Kênh đánh giá không hợp lệ."))
    details = data.details or {}
    indices = data.indices or {}
    unknown = (set(details) - set(DETAIL_FIELDS)) | (set(indices) - set(CITIZEN_INDICES))
    if unknown:
        raise ValidationError(
            _("Tiêu chí đánh giá không hợp lệ: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    for name, value in details.items():
        _check_scale(value, name)
    if any(value not in (0, 1, 2) for value in indices.values()):
        raise ValidationError(_("Điểm mỗi chỉ số chỉ được là 2, 1 hoặc 0."))
    with transaction.atomic():
        # The dossier row is locked so that two tabs or two devices cannot both rate it.
        Dossier.objects.select_for_update().filter(pk=dossier.pk).values("pk").first()
        if SatisfactionRating.objects.filter(dossier=dossier).exists():
            raise ValidationError(
                _("Hồ sơ %(code)s đã được đánh giá; mỗi hồ sơ chỉ được đánh giá một lần.")
                % {"code": dossier.code}
            )
        rating = SatisfactionRating.objects.create(
            dossier=dossier,
            staff=staff,
            agency=agency or dossier.settling_agency,
            channel=data.channel,
            rated_at=now,
            overall=data.overall,
            index_processing_time=processing_time_index(dossier),
            index_body_time=body_time_index(dossier),
            comment=data.comment.strip(),
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            **{name: details.get(name, "") for name in DETAIL_FIELDS},
            **{CITIZEN_INDICES[key]: value for key, value in indices.items()},
        )
        audit.record(
            "feedback.rating_recorded",
            actor=actor,
            obj=rating,
            summary=f"{dossier.code}: {rating.get_overall_display()}",
        )
        events.publish(
            "feedback.rating_recorded",
            dossier_id=dossier.pk,
            rating_id=rating.pk,
            at=now.isoformat(),
        )
    return rating


def _rateable(dossier: Dossier) -> None:
    if dossier.state not in RATEABLE_STATES:
        raise ValidationError(_("Hồ sơ được đánh giá sau khi đã có kết quả giải quyết."))


def rating_refusal(dossier: Dossier) -> str | None:
    """Why ``dossier`` cannot be rated now; ``None`` when it can."""
    try:
        _rateable(dossier)
    except ValidationError as exc:
        return exc.messages[0]
    if SatisfactionRating.objects.filter(dossier=dossier).exists():
        return _("Hồ sơ này đã được đánh giá.")
    return None


def rate_as_applicant(
    dossier: Dossier, data: RatingData, *, user, now: dt.datetime | None = None
) -> SatisfactionRating:
    """The owner rates their dossier on the portal; the official who received it is the staff
    rated (TT 01/2018 index 7)."""
    if not permissions.is_owner(user, dossier):
        raise PermissionDenied(_("Chỉ chủ hồ sơ được đánh giá hồ sơ này."))
    _rateable(dossier)
    receiver = (
        HistoryEntry.objects.filter(dossier=dossier, action=Action.RECEIVE, actor__isnull=False)
        .select_related("actor")
        .order_by("-seq")
        .first()
    )
    return record_rating(
        dossier,
        dataclasses.replace(data, channel=RatingChannel.PORTAL),
        actor=user,
        staff=receiver.actor if receiver else None,
        now=now,
    )


def rate_at_counter(
    dossier: Dossier, data: RatingData, *, official, now: dt.datetime | None = None
) -> SatisfactionRating:
    """The applicant rates on the desk's tablet, opened by ``official`` (who returned the
    result, recorded as the staff rated and as the one who recorded it)."""
    if not permissions.may_record_at_counter(official, dossier):
        raise PermissionDenied(
            _("Chỉ cán bộ trả kết quả của nơi tiếp nhận hồ sơ được mở đánh giá tại quầy.")
        )
    _rateable(dossier)
    return record_rating(
        dossier,
        dataclasses.replace(data, channel=RatingChannel.KIOSK),
        actor=official,
        staff=official,
        now=now,
    )


# --- feedback (phản ánh, kiến nghị) --------------------------------------------------------

_MAX_LENGTHS = {"subject": 300, "sender_name": 200, "sender_contact": 200}


def receive_feedback(
    *,
    agency: Agency,
    channel: str,
    kind: str,
    subject: str,
    content: str,
    sender_name: str,
    sender_contact: str = "",
    dossier: Dossier | None = None,
    repeated: bool = False,
    sender=None,
    actor=None,
    now: dt.datetime | None = None,
) -> Feedback:
    """Register a feedback or complaint as received (``sender``: the signed-in account that
    sent it)."""
    now = now or timezone.now()
    errors = {}
    if channel not in RatingChannel.values:
        errors["channel"] = _("Kênh tiếp nhận không hợp lệ.")
    if kind not in Feedback.Kind.values:
        errors["kind"] = _("Phân loại phản ánh, kiến nghị không hợp lệ.")
    for name, value in (("subject", subject), ("content", content), ("sender_name", sender_name)):
        if not value.strip():
            errors[name] = _("Trường này là bắt buộc.")
    lengths = {"subject": subject, "sender_name": sender_name, "sender_contact": sender_contact}
    for name, value in lengths.items():
        if len(value.strip()) > _MAX_LENGTHS[name]:
            errors[name] = _("Tối đa %(n)d ký tự.") % {"n": _MAX_LENGTHS[name]}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = Feedback.objects.create(
            dossier=dossier,
            agency=agency,
            channel=channel,
            kind=kind,
            subject=subject.strip(),
            content=content.strip(),
            sender_name=sender_name.strip(),
            sender_contact=sender_contact.strip(),
            sender=sender if getattr(sender, "is_authenticated", False) else None,
            repeated=repeated,
            received_at=now,
        )
        _audit_and_publish(item, "feedback.received", actor)
    return item


def accept_due(item: Feedback) -> dt.datetime:
    """When the feedback must be accepted or refused at the latest."""
    calendar = calendar_for(item.agency, on=timezone.localdate(item.received_at))
    return calendar.add(item.received_at, Duration(Decimal(ACCEPT_WORKING_DAYS), Unit.WORKING_DAYS))


def _check_handler(item: Feedback, actor) -> None:
    """``actor=None`` is the system itself (integrations, imports)."""
    if actor is not None and not permissions.may_handle(actor, item):
        raise PermissionDenied(
            _("Phản ánh, kiến nghị này không gửi tới cơ quan, đơn vị bạn xử lý.")
        )


def _lock(item: Feedback) -> None:
    """Re-read ``item`` under a row lock: another official may have acted meanwhile."""
    item.refresh_from_db(from_queryset=Feedback.objects.select_for_update())


def accept_feedback(
    item: Feedback,
    *,
    accept: bool = True,
    reason: str = "",
    actor=None,
    now: dt.datetime | None = None,
) -> Feedback:
    """Accept the feedback for handling (answer due in 15 working days) or refuse it, saying
    why."""
    now = now or timezone.now()
    _check_handler(item, actor)
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("Vui lòng nêu lý do từ chối tiếp nhận.")})
    with transaction.atomic():
        _lock(item)
        if item.status != Feedback.Status.RECEIVED:
            raise ValidationError(_("Phản ánh, kiến nghị này đã được xử lý tiếp nhận."))
        item.accepted_at = now
        if accept:
            item.status = Feedback.Status.PROCESSING
            calendar = calendar_for(item.agency, on=timezone.localdate(now))
            item.answer_due_at = calendar.add(
                now, Duration(Decimal(ANSWER_WORKING_DAYS), Unit.WORKING_DAYS)
            )
        else:
            item.status = Feedback.Status.REFUSED
            item.refusal_reason = reason.strip()
        item.save(update_fields=["accepted_at", "status", "answer_due_at", "refusal_reason"])
        _audit_and_publish(item, "feedback.accepted" if accept else "feedback.refused", actor)
    return item


def answer_feedback(
    item: Feedback,
    *,
    answer: str,
    outcome: str,
    publish: bool = True,
    actor=None,
    now: dt.datetime | None = None,
) -> Feedback:
    """Answer accepted feedback; ``publish`` makes the answer public at the same moment."""
    now = now or timezone.now()
    _check_handler(item, actor)
    errors = {}
    if not answer.strip():
        errors["answer"] = _("Vui lòng nhập nội dung trả lời.")
    if outcome not in Feedback.Outcome.values or not outcome:
        errors["outcome"] = _("Vui lòng chọn kết quả xử lý.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock(item)
        if item.status != Feedback.Status.PROCESSING:
            raise ValidationError(_("Chỉ trả lời phản ánh, kiến nghị đang xử lý."))
        item.answer = answer.strip()
        item.outcome = outcome
        item.answered_at = now
        item.published_at = now if publish else None
        item.status = Feedback.Status.ANSWERED
        item.save(update_fields=["answer", "outcome", "answered_at", "published_at", "status"])
        _audit_and_publish(item, "feedback.answered", actor)
    return item


def publish_answer(item: Feedback, *, actor=None, now: dt.datetime | None = None) -> Feedback:
    """Make an answer given earlier public on the portal."""
    now = now or timezone.now()
    _check_handler(item, actor)
    with transaction.atomic():
        _lock(item)
        if item.status != Feedback.Status.ANSWERED:
            raise ValidationError(_("Chỉ công khai phản ánh, kiến nghị đã được trả lời."))
        if item.published_at is not None:
            raise ValidationError(_("Câu trả lời này đã được công khai."))
        item.published_at = now
        item.save(update_fields=["published_at"])
        _audit_and_publish(item, "feedback.published", actor)
    return item


def record_sender_satisfaction(item: Feedback, satisfied: bool, *, actor=None) -> Feedback:
    """The sender's view of the answer (QĐ 766 counts dissatisfied senders); from the portal,
    only the account that sent it."""
    if actor is not None and (item.sender_id is None or item.sender_id != actor.pk):
        raise PermissionDenied(_("Chỉ người gửi được đánh giá câu trả lời này."))
    with transaction.atomic():
        _lock(item)
        if item.status != Feedback.Status.ANSWERED:
            raise ValidationError(_("Phản ánh, kiến nghị chưa được trả lời."))
        item.sender_satisfied = satisfied
        item.save(update_fields=["sender_satisfied"])
        _audit_and_publish(item, "feedback.satisfaction_recorded", actor)
    return item


def _audit_and_publish(item: Feedback, name: str, actor) -> None:
    audit.record(name, actor=actor, obj=item, summary=item.subject)
    events.publish(name, feedback_id=item.pk, dossier_id=item.dossier_id)


# --- questions and answers of the help page ------------------------------------------------


def save_faq_entry(entry: FaqEntry, *, actor) -> FaqEntry:
    """Create or change a question of the help page (from the Django admin)."""
    with transaction.atomic():
        created = entry.pk is None
        entry.save()
        audit.record(
            "feedback.faq_created" if created else "feedback.faq_changed",
            actor=actor,
            obj=entry,
            summary=entry.question,
        )
    return entry


def delete_faq_entry(entry: FaqEntry, *, actor) -> None:
    with transaction.atomic():
        audit.record("feedback.faq_deleted", actor=actor, obj=entry, summary=entry.question)
        entry.delete()
