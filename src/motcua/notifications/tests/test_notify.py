import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from motcua.core.models import AuditEntry
from motcua.notifications import services
from motcua.notifications.channels.sms import measure, prepare
from motcua.notifications.models import MessageTemplate, Notification
from motcua.notifications.services import Contact, notify

pytestmark = pytest.mark.django_db

RECEIVED = {
    "dossier_code": "000.00.01.H48-260115-0001",
    "procedure_name": "Đăng ký khai sinh",
    "receiving_agency": "Trung tâm Phục vụ hành chính công tỉnh",
    "due_date": "22/01/2026",
    "tracking_url": "http://testserver/tra-cuu/",
}


@pytest.mark.criterion("PL3-5", "PL2-9")
def test_a_user_is_told_on_portal_email_and_sms(citizen, commit, sms_outbox):
    with commit():
        created = notify(citizen, "dossier.received", RECEIVED)
    assert {n.channel for n in created} == {"in_app", "email", "sms"}
    assert all(n.status == Notification.Status.SENT for n in Notification.objects.all())

    email = mail.outbox[0]
    assert email.to == ["an@example.com"]
    assert email.subject == "Hồ sơ 000.00.01.H48-260115-0001 đã được tiếp nhận"
    assert "Kính gửi Nguyễn Văn An" in email.body and "22/01/2026" in email.body
    # SMS without diacritics fits one 160-character GSM message.
    text = sms_outbox[0].text
    assert sms_outbox[0].to == "0912345678"
    assert text.startswith("Ho so 000.00.01.H48-260115-0001 da duoc tiep nhan")
    assert measure(text).segments == 1 and measure(text).encoding == "GSM-7"
    in_app = Notification.objects.get(channel="in_app")
    assert in_app.recipient == citizen and in_app.read_at is None


def test_unproven_or_refused_contacts_are_not_used(citizen, commit):
    citizen.email_verified_at = None
    citizen.notify_by_sms = False
    citizen.save()
    with commit():
        created = notify(citizen, "dossier.received", RECEIVED)
    assert [n.channel for n in created] == ["in_app"]
    assert not mail.outbox


def test_an_applicant_without_account_is_reached_at_the_contacts_on_the_dossier(commit, sms_outbox):
    with commit():
        created = notify(
            Contact(name="Lê Thị Hoa", email="hoa@example.com", phone="0935000111"),
            "dossier.received",
            RECEIVED,
        )
    assert {n.channel for n in created} == {"email", "sms"}  # no account: no portal inbox
    assert mail.outbox[0].to == ["hoa@example.com"]
    assert sms_outbox[0].to == "0935000111"


def test_nothing_is_sent_when_the_action_rolls_back(citizen, sms_outbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(citizen, "dossier.received", RECEIVED)
        raise RuntimeError("the action failed")
    assert not Notification.objects.exists()
    assert not mail.outbox and not sms_outbox


def test_english_speakers_get_english_templates(citizen, commit):
    citizen.language = "en"
    citizen.save()
    with commit():
        notify(citizen, "dossier.received", RECEIVED, channels=["email"])
    assert mail.outbox[0].subject == "Dossier 000.00.01.H48-260115-0001 has been received"


def test_a_new_template_version_is_used_and_the_old_one_kept(citizen, commit, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", password="x")
    v1 = services.current_template("dossier.received", "email", "vi")
    v2 = services.save_template_version(
        kind="dossier.received",
        channel="email",
        language="vi",
        subject="[Quảng Ngãi] Tiếp nhận hồ sơ {{ dossier_code }}",
        body="Hẹn trả: {{ due_date }}",
        actor=admin,
    )
    assert v2.version == v1.version + 1
    assert MessageTemplate.objects.get(pk=v1.pk).subject == v1.subject
    assert AuditEntry.objects.filter(action="notifications.template_saved").exists()
    with commit():
        created = notify(citizen, "dossier.received", RECEIVED, channels=["email"])
    assert mail.outbox[0].subject == "[Quảng Ngãi] Tiếp nhận hồ sơ 000.00.01.H48-260115-0001"
    assert created[0].template == v2


def test_an_inactive_latest_version_switches_the_channel_off(citizen, commit):
    services.save_template_version(
        kind="dossier.received", channel="sms", language="vi", subject="", body="x", is_active=False
    )
    with commit():
        created = notify(citizen, "dossier.received", RECEIVED)
    assert "sms" not in {n.channel for n in created}


def test_templates_are_checked_before_they_are_saved():
    with pytest.raises(ValidationError, match="cú pháp"):
        services.save_template_version(
            kind="dossier.received", channel="email", language="vi", subject="x", body="{% if %}"
        )
    with pytest.raises(ValidationError, match="vượt giới hạn một tin 160"):
        services.save_template_version(
            kind="dossier.received",
            channel="sms",
            language="vi",
            subject="",
            body="Hồ sơ {{ dossier_code }} " + "rất dài " * 20,
        )
    with pytest.raises(ValidationError, match="tiêu đề"):
        services.save_template_version(
            kind="dossier.received", channel="email", language="vi", subject=" ", body="x"
        )
    with pytest.raises(LookupError):
        services.save_template_version(
            kind="khong.ton.tai", channel="email", language="vi", subject="x", body="x"
        )


def test_sms_length_rules():
    assert prepare("Hồ sơ  đã\nđược tiếp nhận") == "Ho so da duoc tiep nhan"
    assert measure("a" * 160).segments == 1 and measure("a" * 161).segments == 2
    assert measure("[]").units == 4  # extension characters take two septets
    ucs = measure("ồ" * 70)
    assert (ucs.encoding, ucs.segments) == ("UCS-2", 1)
    assert measure("ồ" * 71).segments == 2


def test_every_default_sms_fits_one_message():
    from motcua.notifications import kinds

    for kind in kinds.all_kinds():
        if kind.sms is None:
            continue
        for language in ("vi", "en"):
            subject, body = services.default_template(kind, "sms", language)
            services.render_sample(kind.code, "sms", language, subject, body)


def test_failed_messages_can_be_sent_again_but_not_masked_secrets(citizen, commit, settings):
    notification = Notification.objects.create(
        recipient=citizen,
        address="an@example.com",
        channel="email",
        kind="dossier.received",
        language="vi",
        subject="Tiêu đề",
        body="Nội dung",
        status=Notification.Status.FAILED,
        attempts=5,
    )
    with commit():
        services.requeue(notification, actor=citizen)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.attempts == 6
    secret = Notification.objects.create(
        channel="sms",
        kind="account.phone_code",
        language="vi",
        body=f"Mã {services.MASK}",
        status=Notification.Status.FAILED,
    )
    with pytest.raises(ValidationError):
        services.requeue(secret, actor=citizen)


def test_inbox_and_unread_count(client, citizen, commit):
    with commit():
        notify(citizen, "dossier.received", RECEIVED, channels=["in_app"])
        notify(citizen, "dossier.finished", RECEIVED | {"return_method": "trực tuyến"})
    client.force_login(citizen)
    home = client.get("/").content.decode()
    assert "Thông báo (2" in home
    page = client.get("/tai-khoan/thong-bao/").content.decode()
    assert "Hồ sơ 000.00.01.H48-260115-0001 đã được tiếp nhận" in page
    assert "Hồ sơ 000.00.01.H48-260115-0001 đã có kết quả" in page
    first = services.inbox(citizen).order_by("created_at").first()
    client.post("/tai-khoan/thong-bao/da-doc/", {"notification": first.pk})
    assert services.unread_count(citizen) == 1
    client.post("/tai-khoan/thong-bao/da-doc/")
    assert services.unread_count(citizen) == 0
    assert "Thông báo (" not in client.get("/").content.decode()


def test_a_citizen_sees_only_their_own_messages(client, citizen, django_user_model, commit):
    other = django_user_model.objects.create_user(
        "b", password="x", email="b@example.com", email_verified_at=timezone.now()
    )
    with commit():
        notify(other, "dossier.received", RECEIVED | {"dossier_code": "BI-MAT-01"})
    client.force_login(citizen)
    assert "BI-MAT-01" not in client.get("/tai-khoan/thong-bao/").content.decode()
    mine = services.inbox(other).get()
    client.post("/tai-khoan/thong-bao/da-doc/", {"notification": mine.pk})
    mine.refresh_from_db()
    assert mine.read_at is None
