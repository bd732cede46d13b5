"""The sender hears that their feedback was answered: at the contact they gave (e-mail or SMS)
or on their account, once, only after the answer is committed."""

import unicodedata

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone

from motcua.core.models import AuditEntry
from motcua.feedback import services
from motcua.feedback.models import Feedback
from motcua.feedback.notices import KIND, contact_of
from motcua.notifications.channels.base import Receipt, TemporaryDeliveryError
from motcua.notifications.models import Notification
from motcua.notifications.sms import locmem
from motcua.notifications.sms.base import SmsBackend

from .helpers import feedback

pytestmark = pytest.mark.django_db

PUBLIC = "http://dichvucong.test"
SUBJECT = "Chậm trả kết quả hồ sơ cấp giấy phép xây dựng"


@pytest.fixture(autouse=True)
def public_url_and_fresh_outbox(settings):
    settings.MOTCUA_PUBLIC_URL = PUBLIC
    locmem.outbox.clear()
    yield
    locmem.outbox.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what the services publish after commit (events, then message delivery)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def accepted(world, **kw) -> Feedback:
    item = feedback(world, subject=SUBJECT, **kw)
    return services.accept_feedback(item, actor=world.agency_leader)


def answer(world, item, *, publish=True) -> Feedback:
    return services.answer_feedback(
        item,
        answer="Sở đã kiểm tra và trả kết quả hồ sơ cho ông/bà.",
        outcome=Feedback.Outcome.JUSTIFIED,
        publish=publish,
        actor=world.clerk,
    )


def test_contact_is_an_email_address_or_a_vietnamese_mobile_number():
    assert contact_of(" an@example.com ").email == "an@example.com"
    assert contact_of("+84 905.123.456").phone == "0905123456"
    for unusable in ("", "  ", "024 3825 1234", "Thôn 3, xã Nghĩa Hà", "an@", "12345"):
        assert contact_of(unusable) is None


@pytest.mark.criterion("PL3-18")
def test_sender_without_account_is_told_by_email_with_a_link_to_the_answer(world, committed):
    item = accepted(world, sender_contact="an@example.com")
    with committed():
        answer(world, item)
    [message] = mail.outbox
    assert message.to == ["an@example.com"]
    assert message.subject == f"Phản ánh, kiến nghị {item.reference} đã được trả lời"
    link = f"{PUBLIC}/phan-anh-kien-nghi/{item.pk}/"
    assert SUBJECT in message.body and link in message.body
    assert "Sở đã kiểm tra" in message.body
    assert unicodedata.is_normalized("NFC", message.subject + message.body)
    row = Notification.objects.get(kind=KIND)
    assert row.recipient is None and row.status == Notification.Status.SENT
    assert (row.related_type, row.related_id) == ("feedback.feedback", str(item.pk))
    # The link opens the public answer; the contact is nowhere on it.
    page = Client().get(link.removeprefix(PUBLIC))
    assert page.status_code == 200
    assert SUBJECT in page.text and "an@example.com" not in page.text


@pytest.mark.criterion("PL3-18")
def test_sender_without_account_is_told_by_sms(world, committed):
    item = accepted(world, sender_contact="0905 123 456")
    with committed():
        answer(world, item)
    [sms] = locmem.outbox
    assert sms.to == "0905123456"
    assert sms.text.startswith(f'Phan anh, kien nghi {item.reference} "Cham tra ket qua ho')
    assert f"{PUBLIC}/phan-anh-kien-nghi/{item.pk}/" in sms.text
    assert len(sms.text) <= 160
    assert not mail.outbox
    assert list(Notification.objects.values_list("channel", flat=True)) == ["sms"]


def test_an_answer_kept_private_is_not_linked_but_the_email_carries_it(world, committed):
    item = accepted(world, sender_contact="an@example.com")
    with committed():
        answer(world, item, publish=False)
    [message] = mail.outbox
    assert "/phan-anh-kien-nghi/" not in message.body
    assert "Sở đã kiểm tra và trả kết quả hồ sơ cho ông/bà." in message.body
    assert Client().get(f"/phan-anh-kien-nghi/{item.pk}/").status_code == 404


def test_an_sms_for_a_private_answer_says_to_quote_the_reference(world, committed):
    item = accepted(world, sender_contact="0905123456")
    with committed():
        answer(world, item, publish=False)
    [sms] = locmem.outbox
    assert "http" not in sms.text and f"neu ma {item.reference}" in sms.text


@pytest.mark.parametrize(
    ("contact", "reason"), [("", "no_contact"), ("Thôn 3, xã Nghĩa Hà", "unusable_contact")]
)
def test_nobody_is_told_without_a_usable_contact_and_the_audit_says_why(
    world, committed, contact, reason
):
    item = accepted(world, sender_contact=contact)
    with committed():
        answer(world, item)
    assert not mail.outbox and not locmem.outbox
    assert not Notification.objects.exists()
    entry = AuditEntry.objects.get(action="feedback.answer_not_notified")
    assert entry.object_id == str(item.pk) and entry.details == {"reason": reason}
    assert item.status == Feedback.Status.ANSWERED


@pytest.mark.criterion("PL3-18", "PL3-5")
def test_signed_in_sender_is_told_once_on_their_account(world, committed):
    citizen = world.citizen
    citizen.email, citizen.email_verified_at = "congdan@example.com", timezone.now()
    citizen.save()
    # The contact typed on the form is not used: the account's channels are.
    item = accepted(world, sender=citizen, sender_contact="0905123456")
    with committed():
        answer(world, item)
    assert sorted(Notification.objects.values_list("channel", flat=True)) == ["email", "in_app"]
    inbox = Notification.objects.get(channel="in_app")
    assert inbox.recipient == citizen and item.reference in inbox.subject
    assert f"{PUBLIC}/tai-khoan/phan-anh-kien-nghi/" in inbox.body
    [message] = mail.outbox
    assert message.to == ["congdan@example.com"]
    assert not locmem.outbox  # the account's phone is not proven
    # The event delivered a second time tells nobody twice.
    from motcua.core import events
    from motcua.feedback.notices import tell_sender

    tell_sender(events.Event("feedback.answered", {"feedback_id": item.pk}))
    assert Notification.objects.count() == 2 and len(mail.outbox) == 1


def test_english_speaking_account_gets_the_english_template(world, committed):
    citizen = world.citizen
    citizen.language = "en"
    citizen.save()
    item = accepted(world, sender=citizen)
    with committed():
        answer(world, item)
    inbox = Notification.objects.get(channel="in_app")
    assert inbox.subject == f"Feedback {item.reference} has been answered"
    assert f"{PUBLIC}/en/tai-khoan/phan-anh-kien-nghi/" in inbox.body


def test_nothing_is_sent_when_the_answer_is_rolled_back(world, committed):
    item = accepted(world, sender_contact="an@example.com")
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        answer(world, item)
        raise RuntimeError("the answer failed")
    item.refresh_from_db()
    assert item.status == Feedback.Status.PROCESSING
    assert not mail.outbox and not locmem.outbox
    assert not Notification.objects.exists()


class DownGateway(SmsBackend):
    def send(self, *, to: str, text: str, reference: str) -> Receipt:
        raise TemporaryDeliveryError("gateway down")


def test_a_failing_gateway_does_not_undo_the_answer(world, committed, settings):
    settings.MOTCUA_SMS_BACKEND = f"{__name__}.DownGateway"
    item = accepted(world, sender_contact="0905123456")
    with committed():
        answer(world, item)
    item.refresh_from_db()
    assert item.status == Feedback.Status.ANSWERED and item.answer
    row = Notification.objects.get(kind=KIND)
    assert row.status == Notification.Status.FAILED and "gateway down" in row.last_error


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("channel", ["in_app", "email", "sms"])
def test_default_templates_pass_the_channel_checks(channel, language):
    """What the administrators' preview checks (an SMS within one message)."""
    from motcua.notifications import kinds
    from motcua.notifications.services import default_template, render_sample

    subject, body = default_template(kinds.get(KIND), channel, language)
    render_sample(KIND, channel, language, subject, body)
