"""The write path of ratings and feedback: who may act, what is checked, what is recorded —
and that a refused write leaves nothing behind."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from motcua.core import events
from motcua.core.models import AuditEntry
from motcua.dossiers.states import State
from motcua.feedback import services
from motcua.feedback.models import FaqEntry, Feedback, SatisfactionRating
from motcua.worktime.core import Duration, Unit
from motcua.worktime.services import calendar_for

from .helpers import feedback, finished, returned

pytestmark = pytest.mark.django_db

VERY = "very_satisfied"


def data(**kw) -> services.RatingData:
    values = {"overall": VERY, "channel": "portal"}
    values.update(kw)
    return services.RatingData(**values)


@pytest.mark.criterion("PL3-9")
def test_the_owner_rates_overall_and_in_detail_on_the_three_level_scale(
    world, django_capture_on_commit_callbacks
):
    dossier = returned(world)
    with (
        events.capture("feedback.") as published,
        django_capture_on_commit_callbacks(execute=True),
    ):
        rating = services.rate_as_applicant(
            dossier,
            data(
                details={
                    "ease_of_use": "satisfied",
                    "response_time": "very_satisfied",
                    "timeliness": "unsatisfied",
                    "staff_attitude": "satisfied",
                },
                indices={"contacts": 2, "bodies": 1, "publicity": 2, "attitude": 0},
                comment="  Cán bộ hướng dẫn tận tình.  ",
                channel="kiosk",  # the service sets the channel of its own path
            ),
            user=world.citizen,
        )
    rating.refresh_from_db()
    assert rating.channel == "portal"
    assert rating.get_overall_display() == "Rất hài lòng"
    assert (rating.ease_of_use, rating.timeliness) == ("satisfied", "unsatisfied")
    assert (rating.index_contacts, rating.index_bodies, rating.index_attitude) == (2, 1, 0)
    assert rating.index_processing_time is not None  # computed from the dossier's timing
    assert rating.comment == "Cán bộ hướng dẫn tận tình."
    assert rating.staff == world.reception  # the official who received the dossier
    assert rating.recorded_by == world.citizen
    assert rating.agency == dossier.settling_agency
    entry = AuditEntry.objects.get(action="feedback.rating_recorded")
    assert entry.actor == world.citizen and entry.object_id == str(rating.pk)
    assert [e.name for e in published] == ["feedback.rating_recorded"]


@pytest.mark.criterion("PL3-9")
def test_a_dossier_is_rated_once_whatever_the_channel(world):
    dossier = finished(world)
    services.rate_as_applicant(dossier, data(), user=world.citizen)
    with pytest.raises(ValidationError, match="chỉ được đánh giá một lần"):
        services.rate_as_applicant(dossier, data(overall="unsatisfied"), user=world.citizen)
    with pytest.raises(ValidationError, match="chỉ được đánh giá một lần"):
        services.rate_at_counter(dossier, data(), official=world.reception)
    assert SatisfactionRating.objects.filter(dossier=dossier).count() == 1
    assert services.rating_refusal(dossier) == "Hồ sơ này đã được đánh giá."


def test_only_the_owner_rates_and_only_once_the_result_is_there(world, other_world):
    dossier = finished(world)
    for intruder in (world.stranger, other_world.citizen, world.reception, world.agency_leader):
        with pytest.raises(PermissionDenied, match="Chỉ chủ hồ sơ"):
            services.rate_as_applicant(dossier, data(), user=intruder)
    open_dossier = services.Dossier.objects.get(pk=dossier.pk)
    open_dossier.state = State.PROCESSING  # an unsaved copy: the rule reads the state
    with pytest.raises(ValidationError, match="sau khi đã có kết quả"):
        services.rate_as_applicant(open_dossier, data(), user=world.citizen)
    assert services.rating_refusal(open_dossier) is not None
    assert not SatisfactionRating.objects.exists()
    assert not AuditEntry.objects.filter(action="feedback.rating_recorded").exists()


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"overall": ""}, "mức độ hài lòng chung"),
        ({"overall": "rat_tot"}, "không hợp lệ"),
        ({"details": {"timeliness": "5"}}, "không hợp lệ"),
        ({"details": {"price": "satisfied"}}, "Tiêu chí đánh giá không hợp lệ"),
        ({"indices": {"contacts": 3}}, "2, 1 hoặc 0"),
    ],
)
def test_bad_ratings_are_refused_in_vietnamese_and_write_nothing(world, bad, message):
    dossier = finished(world)
    with pytest.raises(ValidationError, match=message):
        services.rate_as_applicant(dossier, data(**bad), user=world.citizen)
    assert not SatisfactionRating.objects.exists()


@pytest.mark.criterion("PL3-9")
def test_the_desk_records_a_rating_on_its_tablet(world, other_world):
    dossier = returned(world)
    for outsider in (world.clerk, world.specialist, other_world.reception, world.citizen):
        with pytest.raises(PermissionDenied, match="cán bộ trả kết quả"):
            services.rate_at_counter(dossier, data(), official=outsider)
    rating = services.rate_at_counter(
        dossier, data(overall="satisfied", channel="portal"), official=world.reception
    )
    assert rating.channel == "kiosk"
    assert rating.recorded_by == world.reception
    assert rating.staff == world.reception


# --- feedback ----------------------------------------------------------------------------------


@pytest.mark.criterion("PL3-18")
def test_feedback_is_received_accepted_with_the_answer_deadline_answered_and_published(world):
    item = feedback(world, sender=world.citizen, actor=world.citizen)
    assert (item.status, item.sender, item.reference) == (
        Feedback.Status.RECEIVED,
        world.citizen,
        f"PAKN-{item.pk:06d}",
    )
    received = timezone.localtime(item.received_at)
    assert services.accept_due(item) == calendar_for(world.department).add(
        item.received_at, Duration(Decimal(2), Unit.WORKING_DAYS)
    )
    accepted_at = received + dt.timedelta(hours=1)
    services.accept_feedback(item, actor=world.agency_leader, now=accepted_at)
    item.refresh_from_db()
    assert item.status == Feedback.Status.PROCESSING
    assert item.answer_due_at == calendar_for(world.department).add(
        accepted_at, Duration(Decimal(15), Unit.WORKING_DAYS)
    )
    # 15 working days are three working weeks: at least 18 days later whenever accepted (from
    # Monday 7:00 the end of the third Friday; from a weekend evening, the same Friday).
    assert item.answer_due_at - accepted_at >= dt.timedelta(days=18)
    services.answer_feedback(
        item, answer="Đã kiểm tra.", outcome="explained", publish=False, actor=world.clerk
    )
    assert item.status == Feedback.Status.ANSWERED and item.published_at is None
    services.publish_answer(item, actor=world.agency_leader)
    assert item.published_at is not None
    actions = list(
        AuditEntry.objects.filter(object_id=str(item.pk), action__startswith="feedback.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "feedback.received",
        "feedback.accepted",
        "feedback.answered",
        "feedback.published",
    ]
    services.record_sender_satisfaction(item, False, actor=world.citizen)
    assert item.sender_satisfied is False


@pytest.mark.criterion("PL3-18")
def test_only_officials_of_the_addressed_agency_handle_feedback(world, other_world):
    item = feedback(world)
    for outsider in (
        other_world.agency_leader,
        other_world.clerk,
        world.division_leader,  # a unit below the department, not the department
        world.specialist,
        world.reception,
        world.citizen,
    ):
        with pytest.raises(PermissionDenied, match="không gửi tới cơ quan, đơn vị bạn xử lý"):
            services.accept_feedback(item, actor=outsider)
    item.refresh_from_db()
    assert item.status == Feedback.Status.RECEIVED and item.accepted_at is None
    services.accept_feedback(item, actor=world.province_admin)  # the province handles all
    with pytest.raises(PermissionDenied):
        services.answer_feedback(item, answer="x", outcome="explained", actor=other_world.clerk)
    with pytest.raises(PermissionDenied, match="Chỉ người gửi"):
        services.record_sender_satisfaction(item, True, actor=world.stranger)


def test_bad_feedback_input_is_refused_and_writes_nothing(world):
    with pytest.raises(ValidationError) as error:
        feedback(world, kind="loai_khac", subject=" ", sender_name="x" * 201, channel="fax")
    assert set(error.value.message_dict) == {"kind", "subject", "sender_name", "channel"}
    assert error.value.message_dict["sender_name"] == ["Tối đa 200 ký tự."]
    assert not Feedback.objects.exists()
    item = feedback(world)
    with pytest.raises(ValidationError, match="nêu lý do"):
        services.accept_feedback(item, accept=False, reason=" ", actor=world.agency_leader)
    with pytest.raises(ValidationError, match="đang xử lý"):
        services.answer_feedback(item, answer="x", outcome="explained", actor=world.clerk)
    services.accept_feedback(item, actor=world.agency_leader)
    with pytest.raises(ValidationError, match="đã được xử lý tiếp nhận"):
        services.accept_feedback(item, actor=world.agency_leader)
    with pytest.raises(ValidationError) as error:
        services.answer_feedback(item, answer="", outcome="", actor=world.clerk)
    assert set(error.value.message_dict) == {"answer", "outcome"}
    with pytest.raises(ValidationError, match="Chỉ công khai"):
        services.publish_answer(item, actor=world.clerk)
    item.refresh_from_db()
    assert (item.status, item.answer, item.answered_at) == (Feedback.Status.PROCESSING, "", None)


def test_refused_feedback_keeps_its_reason(world):
    item = feedback(world)
    services.accept_feedback(
        item, accept=False, reason="Không thuộc thẩm quyền.", actor=world.clerk
    )
    item.refresh_from_db()
    assert item.status == Feedback.Status.REFUSED
    assert item.refusal_reason == "Không thuộc thẩm quyền."
    assert item.answer_due_at is None
    with pytest.raises(ValidationError, match="chưa được trả lời"):
        services.record_sender_satisfaction(item, True)


@pytest.mark.criterion("PL3-7")
def test_the_help_page_questions_are_seeded_and_edits_are_audited(world):
    questions = list(FaqEntry.objects.values_list("question", flat=True))
    assert len(questions) >= 10
    assert "Gửi phản ánh, kiến nghị thế nào và bao lâu thì được trả lời?" in questions
    entry = services.save_faq_entry(
        FaqEntry(question="Cổng có ứng dụng di động không?", answer="Chưa có."),
        actor=world.province_admin,
    )
    services.delete_faq_entry(entry, actor=world.province_admin)
    audited = AuditEntry.objects.filter(action__startswith="feedback.faq").order_by("id")
    assert list(audited.values_list("action", flat=True)) == [
        "feedback.faq_created",
        "feedback.faq_deleted",
    ]
