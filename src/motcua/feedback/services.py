"""The only write path of ratings and feedback: validate, write, audit, publish an event (the
statistics refresh the dossier's figures after commit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import audit, events
from motcua.directory.models import Agency
from motcua.dossiers.models import Dossier, Task
from motcua.worktime.core import Duration, FinishedStatus, Unit
from motcua.worktime.services import calendar_for

from .models import Feedback, RatingChannel, Satisfaction, SatisfactionRating

# QĐ 766 counts an answer to feedback as on time within 15 working days of its acceptance.
ANSWER_WORKING_DAYS = 15
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
    """Record one rating of ``dossier`` (of ``staff``/``agency`` when given, else of the
    settling agency). Indices 1 and 2 are computed from the dossier's timing."""
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
    actor=None,
    now: dt.datetime | None = None,
) -> Feedback:
    """Register a feedback or complaint as received."""
    now = now or timezone.now()
    errors = {}
    if channel not in RatingChannel.values:
        errors["channel"] = _("Kênh tiếp nhận không hợp lệ.")
    if kind not in Feedback.Kind.values:
        errors["kind"] = _("Phân loại phản ánh, kiến nghị không hợp lệ.")
    for name, value in (("subject", subject), ("content", content), ("sender_name", sender_name)):
        if not value.strip():
            errors[name] = _("Trường này là bắt buộc.")
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
            repeated=repeated,
            received_at=now,
        )
        _audit_and_publish(item, "feedback.received", actor)
    return item


def accept_feedback(
    item: Feedback, *, accept: bool = True, actor=None, now: dt.datetime | None = None
) -> Feedback:
    """Accept the feedback for handling (answer due in 15 working days) or refuse it."""
    now = now or timezone.now()
    if item.status != Feedback.Status.RECEIVED:
        raise ValidationError(_("Phản ánh, kiến nghị này đã được xử lý tiếp nhận."))
    with transaction.atomic():
        item.accepted_at = now
        if accept:
            item.status = Feedback.Status.PROCESSING
            calendar = calendar_for(item.agency, on=timezone.localdate(now))
            item.answer_due_at = calendar.add(
                now, Duration(Decimal(ANSWER_WORKING_DAYS), Unit.WORKING_DAYS)
            )
        else:
            item.status = Feedback.Status.REFUSED
        item.save(update_fields=["accepted_at", "status", "answer_due_at"])
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
    if item.status != Feedback.Status.PROCESSING:
        raise ValidationError(_("Chỉ trả lời phản ánh, kiến nghị đang xử lý."))
    if not answer.strip():
        raise ValidationError({"answer": _("Vui lòng nhập nội dung trả lời.")})
    if outcome not in Feedback.Outcome.values or not outcome:
        raise ValidationError({"outcome": _("Vui lòng chọn kết quả xử lý.")})
    with transaction.atomic():
        item.answer = answer.strip()
        item.outcome = outcome
        item.answered_at = now
        item.published_at = now if publish else None
        item.status = Feedback.Status.ANSWERED
        item.save(update_fields=["answer", "outcome", "answered_at", "published_at", "status"])
        _audit_and_publish(item, "feedback.answered", actor)
    return item


def record_sender_satisfaction(item: Feedback, satisfied: bool, *, actor=None) -> Feedback:
    """The sender's view of the answer (QĐ 766 counts dissatisfied senders)."""
    if item.status != Feedback.Status.ANSWERED:
        raise ValidationError(_("Phản ánh, kiến nghị chưa được trả lời."))
    with transaction.atomic():
        item.sender_satisfied = satisfied
        item.save(update_fields=["sender_satisfied"])
        _audit_and_publish(item, "feedback.satisfaction_recorded", actor)
    return item


def _audit_and_publish(item: Feedback, name: str, actor) -> None:
    audit.record(name, actor=actor, obj=item, summary=item.subject)
    events.publish(name, feedback_id=item.pk, dossier_id=item.dossier_id)
