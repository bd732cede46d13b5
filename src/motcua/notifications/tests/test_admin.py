import pytest
from django.urls import reverse

from motcua.notifications import services
from motcua.notifications.models import MessageTemplate, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("quantri", password="x"))
    return client


def _form(template, **changes):
    data = {
        "kind": template.kind,
        "channel": template.channel,
        "language": template.language,
        "subject": template.subject,
        "body": template.body,
        "is_active": "on",
        "note": "",
    }
    return data | changes


@pytest.mark.criterion("PL2-9")
def test_editing_a_template_in_the_admin_adds_a_version(admin_client):
    v1 = services.current_template("dossier.received", "sms", "vi")
    url = reverse("admin:notifications_messagetemplate_change", args=[v1.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, _form(v1, body="Ho so {{ dossier_code }} da tiep nhan.", note="rút gọn")
    )
    assert response.status_code == 302
    v2 = services.current_template("dossier.received", "sms", "vi")
    assert (v2.version, v2.body, v2.note) == (
        v1.version + 1,
        "Ho so {{ dossier_code }} da tiep nhan.",
        "rút gọn",
    )
    v1.refresh_from_db()
    assert v1.body != v2.body  # the earlier version is kept as it was
    rows = MessageTemplate.objects.filter(kind="dossier.received", channel="sms", language="vi")
    assert rows.count() == 2


def test_a_too_long_sms_is_refused_in_the_admin(admin_client):
    v1 = services.current_template("dossier.received", "sms", "vi")
    url = reverse("admin:notifications_messagetemplate_change", args=[v1.pk])
    response = admin_client.post(url, _form(v1, body="{{ dossier_code }} " + "dài " * 60))
    assert response.status_code == 200
    assert "vượt giới hạn một tin 160" in response.content.decode()
    assert services.current_template("dossier.received", "sms", "vi") == v1


def test_preview_shows_the_rendered_text_the_sms_length_and_the_variables(admin_client):
    template = services.current_template("dossier.received", "sms", "vi")
    response = admin_client.get(
        reverse("admin:notifications_messagetemplate_preview", args=[template.pk])
    )
    content = response.content.decode()
    assert "Hồ sơ 000.00.01.H48-260115-0001 đã được tiếp nhận" in content
    assert "Ho so 000.00.01.H48-260115-0001 da duoc tiep nhan" in content  # as sent
    assert "GSM-7" in content and "{{ due_date }}" in content


def test_failed_messages_can_be_resent_from_the_admin(admin_client, commit):
    failed = Notification.objects.create(
        address="an@example.com",
        channel="email",
        kind="dossier.received",
        language="vi",
        subject="Tiêu đề",
        body="Nội dung",
        status=Notification.Status.FAILED,
    )
    with commit():
        admin_client.post(
            reverse("admin:notifications_notification_changelist"),
            {"action": "resend", "_selected_action": [failed.pk]},
        )
    failed.refresh_from_db()
    assert failed.status == Notification.Status.SENT
