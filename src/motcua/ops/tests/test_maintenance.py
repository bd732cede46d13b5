"""PL5-11: maintenance announced at least one working day ahead, on every page of both faces;
a feedback e-mail address in the footer."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from motcua.core.models import AuditEntry
from motcua.ops import services
from motcua.ops.models import MaintenanceNotice

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
FRIDAY_10 = dt.datetime(2026, 3, 6, 10, 0, tzinfo=HCM)


def _notice(start, hours=2, title="Nâng cấp cơ sở dữ liệu"):
    return MaintenanceNotice(
        title=title, starts_at=start, ends_at=start + dt.timedelta(hours=hours)
    )


@pytest.mark.criterion("PL5-11")
def test_maintenance_needs_one_working_day_of_notice(calendar, sysadmin):
    """Announced on Friday 10:00, maintenance may start from Monday 10:00 (eight working
    hours later), not on the weekend in between."""
    with pytest.raises(ValidationError) as refused:
        services.save_maintenance_notice(
            _notice(dt.datetime(2026, 3, 7, 8, 0, tzinfo=HCM)), actor=sysadmin, now=FRIDAY_10
        )
    assert "trước ít nhất 1 ngày làm việc" in refused.value.messages[0]
    assert "10:00 09/03/2026" in refused.value.messages[0]
    assert not MaintenanceNotice.objects.exists()
    notice = services.save_maintenance_notice(
        _notice(dt.datetime(2026, 3, 9, 10, 0, tzinfo=HCM)), actor=sysadmin, now=FRIDAY_10
    )
    assert notice.announced_at == FRIDAY_10
    entry = AuditEntry.objects.get(action="ops.maintenance_announced")
    assert entry.actor == sysadmin and entry.object_id == str(notice.pk)


@pytest.mark.criterion("PL5-11")
def test_holidays_do_not_count_as_notice(calendar, sysadmin):
    """30/4 and 1/5/2026 are holidays: announced on Wednesday 29/4, the earliest start is
    Monday 4/5, not Saturday 2/5."""
    wednesday = dt.datetime(2026, 4, 29, 10, 0, tzinfo=HCM)
    with pytest.raises(ValidationError, match="10:00 04/05/2026"):
        services.save_maintenance_notice(
            _notice(dt.datetime(2026, 5, 2, 8, 0, tzinfo=HCM)), actor=sysadmin, now=wednesday
        )


def test_moving_the_window_is_a_new_announcement_but_rewording_is_not(calendar, sysadmin):
    notice = services.save_maintenance_notice(
        _notice(dt.datetime(2026, 3, 10, 8, 0, tzinfo=HCM)), actor=sysadmin, now=FRIDAY_10
    )
    monday = dt.datetime(2026, 3, 9, 9, 0, tzinfo=HCM)
    notice.message = "Tạm dừng nộp hồ sơ trực tuyến."
    services.save_maintenance_notice(notice, actor=sysadmin, now=monday)
    assert notice.announced_at == FRIDAY_10
    notice.starts_at = dt.datetime(2026, 3, 9, 15, 0, tzinfo=HCM)  # earlier, too close now
    with pytest.raises(ValidationError):
        services.save_maintenance_notice(notice, actor=sysadmin, now=monday)
    notice.starts_at = dt.datetime(2026, 3, 11, 8, 0, tzinfo=HCM)
    notice.ends_at = dt.datetime(2026, 3, 11, 10, 0, tzinfo=HCM)
    services.save_maintenance_notice(notice, actor=sysadmin, now=monday)
    assert notice.announced_at == monday


def test_bad_notices_are_refused_with_a_clear_message(calendar, sysadmin, official):
    start = timezone.now() + dt.timedelta(days=10)
    with pytest.raises(ValidationError, match="kết thúc phải sau"):
        services.save_maintenance_notice(_notice(start, hours=-1), actor=sysadmin)
    with pytest.raises(ValidationError, match="tiêu đề"):
        services.save_maintenance_notice(_notice(start, title="  "), actor=sysadmin)
    with pytest.raises(PermissionDenied):
        services.save_maintenance_notice(_notice(start), actor=official)
    assert not MaintenanceNotice.objects.exists()


@pytest.mark.criterion("PL5-11")
def test_the_banner_shows_on_both_faces_until_the_end(
    client, calendar, sysadmin, django_capture_on_commit_callbacks
):
    start = timezone.now() + dt.timedelta(days=10)
    notice = services.save_maintenance_notice(_notice(start), actor=sysadmin)
    local = timezone.localtime(start)
    for page in (reverse("portal:home"), reverse("portal:procedure_list")):
        body = client.get(page).content.decode()
        assert "Thông báo bảo trì: Nâng cấp cơ sở dữ liệu" in body
        assert local.strftime("%H:%M %d/%m/%Y") in body
    client.force_login(sysadmin)  # the back office's pages share base.html
    assert "Nâng cấp cơ sở dữ liệu" in client.get(reverse("ops:audit_log")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the cached banner is dropped
        services.cancel_maintenance_notice(notice, actor=sysadmin)
    assert "Nâng cấp cơ sở dữ liệu" not in client.get(reverse("portal:home")).content.decode()
    assert AuditEntry.objects.filter(action="ops.maintenance_cancelled").exists()


def test_banner_says_maintenance_is_under_way_and_goes_after_it_ends(client, sysadmin):
    now = timezone.now()
    MaintenanceNotice.objects.create(  # written directly: the service refuses past starts
        title="Sự cố đã báo",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
        announced_at=now - dt.timedelta(days=3),
    )
    MaintenanceNotice.objects.create(
        title="Đã xong hôm qua",
        starts_at=now - dt.timedelta(days=1, hours=2),
        ends_at=now - dt.timedelta(days=1),
        announced_at=now - dt.timedelta(days=3),
    )
    body = client.get("/").content.decode()
    assert "Đang bảo trì hệ thống: Sự cố đã báo" in body
    assert "Đã xong hôm qua" not in body


def test_administrators_edit_notices_in_the_admin(client, calendar, sysadmin, official):
    sysadmin.is_staff = True
    sysadmin.save()
    client.force_login(sysadmin)
    add = reverse("admin:ops_maintenancenotice_add")
    soon = timezone.localtime() + dt.timedelta(minutes=30)
    response = client.post(
        add,
        {
            "title": "Bảo trì gấp",
            "starts_at_0": soon.strftime("%Y-%m-%d"),
            "starts_at_1": soon.strftime("%H:%M:%S"),
            "ends_at_0": soon.strftime("%Y-%m-%d"),
            "ends_at_1": (soon + dt.timedelta(hours=1)).strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 200  # the form again, with the rule's message
    assert "trước ít nhất 1 ngày làm việc" in response.content.decode()
    later = timezone.localtime() + dt.timedelta(days=14)
    response = client.post(
        add,
        {
            "title": "Bảo trì định kỳ",
            "starts_at_0": later.strftime("%Y-%m-%d"),
            "starts_at_1": "08:00:00",
            "ends_at_0": later.strftime("%Y-%m-%d"),
            "ends_at_1": "10:00:00",
        },
    )
    assert response.status_code == 302
    notice = MaintenanceNotice.objects.get()
    assert notice.created_by == sysadmin
    official.is_staff = True
    official.save()
    client.force_login(official)
    assert client.get(add).status_code == 403


@pytest.mark.criterion("PL5-11")
def test_footer_gives_the_feedback_address(client, settings):
    settings.MOTCUA_FEEDBACK_EMAIL = "gopy.dichvucong@quangngai.gov.vn"
    body = client.get("/").content.decode()
    assert 'href="mailto:gopy.dichvucong@quangngai.gov.vn"' in body
    assert "Góp ý về Cổng" in body
