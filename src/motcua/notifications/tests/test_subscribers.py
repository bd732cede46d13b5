"""The applicant hears of each status change through the real lifecycle services."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from motcua.dossiers import services as s
from motcua.dossiers.states import State
from motcua.dossiers.tests.world import (
    HCM,
    Clock,
    applicant,
    build_world,
    counter_dossier,
    drive,
    online_dossier,
    v,
)
from motcua.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    world = build_world()
    citizen = world.citizen
    citizen.email, citizen.phone = "congdan@example.com", "0905111222"
    citizen.email_verified_at = citizen.phone_verified_at = timezone.now()
    citizen.save()
    return world


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the lifecycle publishes after commit (events, then message delivery)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _kinds(channel="in_app", **filters):
    rows = Notification.objects.filter(channel=channel, **filters).order_by("created_at", "pk")
    return list(rows.values_list("kind", flat=True))


@pytest.mark.criterion("PL3-5", "PL2-9")
def test_online_applicant_follows_the_whole_journey(world, committed, sms_outbox):
    w, clock = world, Clock()
    with committed():
        d = online_dossier(w, clock)
        d = s.receive(d, actor=w.reception, **v(d), now=clock.tick())
    received = Notification.objects.get(kind="dossier.received", channel="in_app")
    assert received.recipient == w.citizen
    assert received.related_id == str(d.pk) and received.related_type == "dossiers.dossier"
    due = timezone.localtime(d.due_at).strftime("%H:%M %d/%m/%Y")
    assert d.code in received.subject and due in received.body
    assert mail.outbox[-1].to == ["congdan@example.com"] and d.code in mail.outbox[-1].subject
    assert sms_outbox[-1].to == "0905111222" and due.split()[1] in sms_outbox[-1].text

    with committed():
        d = s.forward(d, actor=w.division_leader, **v(d), assignee=w.specialist, now=clock.tick())
        d = s.request_supplement(
            d,
            actor=w.specialist,
            **v(d),
            items=["Bản sao giấy đăng ký kết hôn", "Giấy chứng sinh bản chính"],
            reason="Bản sao chưa chứng thực",
            now=clock.tick(),
        )
    supplement = Notification.objects.get(kind="dossier.supplement_requested", channel="email")
    assert "- Bản sao giấy đăng ký kết hôn\n- Giấy chứng sinh bản chính" in supplement.body
    assert "Bản sao chưa chứng thực" in supplement.body

    with committed():
        d = s.receive_supplement(d, actor=w.reception, **v(d), now=clock.tick())
        d = s.extend(
            d,
            actor=w.agency_leader,
            **v(d),
            new_due_at=dt.datetime(2026, 3, 10, 17, 0, tzinfo=HCM),
            reason="Cần xác minh tại địa phương",
            apology_text="Sở Tư pháp xin lỗi ông/bà vì sự chậm trễ.",
            now=clock.tick(),
        )
    extended = Notification.objects.get(kind="dossier.extended", channel="email")
    assert extended.body.startswith("Kính gửi Nguyễn Văn An,\n\nSở Tư pháp xin lỗi")
    assert "17:00 10/03/2026" in extended.body

    with committed():
        d = s.forward(d, actor=w.specialist, **v(d), now=clock.tick())
        d = s.approve(d, actor=w.agency_leader, **v(d), now=clock.tick())
        d = s.record_result(
            d,
            actor=w.agency_leader,
            **v(d),
            result_type_id=w.version.result_types.first().pk,
            now=clock.tick(),
        )
        d = s.forward(d, actor=w.agency_leader, **v(d), now=clock.tick())
        d = s.record_payment(
            d, actor=w.reception, **v(d), payment=s.PaymentData("cash", "BL-1"), now=clock.tick()
        )
        d = s.finish(d, actor=w.clerk, **v(d), now=clock.tick())
        d = s.return_result(
            d, actor=w.reception, **v(d), early_return_notified=True, now=clock.tick()
        )
    # Internal steps (assignment, approval, signing, payment) are not messages to the citizen.
    assert _kinds() == [
        "dossier.submitted",
        "dossier.received",
        "dossier.supplement_requested",
        "dossier.extended",
        "dossier.finished",
        "dossier.returned",
    ]
    finished = Notification.objects.get(kind="dossier.finished", channel="in_app")
    assert "Nhận kết quả điện tử trực tuyến" in finished.body
    assert all(n.status == "sent" for n in Notification.objects.all())


@pytest.mark.criterion("PL3-5")
def test_counter_applicant_without_account_is_told_by_sms_and_email(committed, sms_outbox):
    world, clock = build_world(), Clock()
    with committed():
        d = counter_dossier(
            world, clock, applicant=applicant(phone="0935 000 111", email="hoa@example.com")
        )
    assert _kinds("sms") == ["dossier.received"]  # no "submitted" at the counter
    assert _kinds("email") == ["dossier.received"]
    assert not Notification.objects.filter(channel="in_app").exists()
    assert sms_outbox[0].text.startswith(f"Ho so {d.code} da duoc tiep nhan")
    assert mail.outbox[0].to == ["hoa@example.com"]


@pytest.mark.parametrize(
    ("state", "kind", "expected"),
    [
        (State.INTAKE_FIX_REQUESTED, "dossier.intake_fix_requested", "- Giấy chứng sinh"),
        (State.NOT_RECEIVED, "dossier.not_received", "Sai thẩm quyền"),
        (State.STOPPED, "dossier.stopped", "Quyết định dừng"),
        (State.WITHDRAWN, "dossier.withdrawn", "đã được chấp nhận"),
        (State.AWAITING_PAYMENT, "dossier.awaiting_payment", "Phí thẩm định: 50.000 đồng"),
    ],
)
def test_each_turn_the_applicant_must_know_of(world, committed, state, kind, expected):
    if state in (State.STOPPED, State.AWAITING_PAYMENT):
        # Counter dossiers have no owner: give this one to the citizen to see the portal message.
        with committed():
            d = drive(world, Clock(), State.RECEIVED)
        d.owner = world.citizen
        d.save(update_fields=["owner"])
        with committed():
            d = s.forward(d, actor=world.division_leader, **v(d), assignee=world.specialist)
            if state == State.STOPPED:
                s.stop(d, actor=world.agency_leader, **v(d), reason="Quyết định dừng")
            else:
                s.request_payment(
                    d, actor=world.specialist, **v(d), items=[s.FeeData("Phí thẩm định", 50000)]
                )
    else:
        with committed():
            drive(world, Clock(), state)
    message = Notification.objects.get(kind=kind, channel="in_app", recipient=world.citizen)
    assert expected in message.body


def test_refusal_after_appraisal_says_why(world, committed):
    clock = Clock()
    with committed():
        d = online_dossier(world, clock)
        d = s.receive(d, actor=world.reception, **v(d), now=clock.tick())
        d = s.forward(
            d, actor=world.division_leader, **v(d), assignee=world.specialist, now=clock.tick()
        )
        d = s.forward(d, actor=world.specialist, **v(d), now=clock.tick())
        s.refuse_after_appraisal(
            d, actor=world.agency_leader, **v(d), reason="Không đủ điều kiện", now=clock.tick()
        )
    refused = Notification.objects.get(kind="dossier.refused", channel="email")
    assert "Lý do: Không đủ điều kiện" in refused.body
    assert not Notification.objects.filter(kind="dossier.finished").exists()
