"""Admin screens: lists, the notice import, switching days off, no deletion of seeded days."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.core.models import AuditEntry
from motcua.worktime.models import Calendar, ExtraWorkingDay, Holiday, HolidayYear, SchedulePeriod

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Calendar, SchedulePeriod, Holiday, ExtraWorkingDay, HolidayYear])
def test_change_lists_and_forms_open(admin_client, seeded, model):
    opts = model._meta
    listing = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert listing.status_code == 200
    row = model.objects.first()
    change = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
    )
    assert change.status_code == 200


def test_holiday_list_links_to_the_import(admin_client, seeded):
    page = admin_client.get(reverse("admin:worktime_holiday_changelist"))
    assert reverse("admin:worktime_holiday_import") in page.content.decode()


def test_import_a_notice_in_the_admin(admin_client, seeded):
    url = reverse("admin:worktime_holiday_import")
    assert admin_client.get(url).status_code == 200
    upload = SimpleUploadedFile(
        "tet-2027.csv",
        "date,kind,name\n2027-02-11,nghỉ hoán đổi,Nghỉ Tết Đinh Mùi\n".encode(),
        content_type="text/csv",
    )
    response = admin_client.post(url, {"file": upload, "reference": "TB 1/TB-BNV", "year": 2027})
    assert response.status_code == 302
    assert Holiday.objects.get(date="2027-02-11", is_active=True).notice == "TB 1/TB-BNV"
    assert HolidayYear.objects.get(year=2027).confirmed
    entry = AuditEntry.objects.get(action="worktime.notice_imported", summary__contains="TB 1/")
    assert entry.actor is not None


def test_a_bad_notice_is_reported_and_changes_nothing(admin_client, seeded):
    before = Holiday.objects.count()
    upload = SimpleUploadedFile("x.csv", b"date,kind,name\n2027-13-01,le,X\n")
    response = admin_client.post(
        reverse("admin:worktime_holiday_import"), {"file": upload, "reference": "TB 2"}
    )
    assert response.status_code == 200
    assert "không hợp lệ" in response.content.decode()
    assert Holiday.objects.count() == before


def test_switch_off_a_seeded_day_and_no_delete(admin_client, seeded):
    row = Holiday.objects.get(date="2027-02-04")
    response = admin_client.post(
        reverse("admin:worktime_holiday_changelist"),
        {"action": "deactivate", "_selected_action": [row.pk]},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert not row.is_active
    delete = admin_client.get(reverse("admin:worktime_holiday_delete", args=[row.pk]))
    assert delete.status_code == 403


def test_add_a_manual_day_off_through_the_admin(admin_client, seeded):
    response = admin_client.post(
        reverse("admin:worktime_holiday_add"),
        {"date": "2027-03-01", "name": "Nghỉ đột xuất", "kind": "other", "is_active": "on"},
    )
    assert response.status_code == 302
    row = Holiday.objects.get(date="2027-03-01")
    assert row.source == "manual"
    assert AuditEntry.objects.filter(action="worktime.created", object_id=str(row.pk)).exists()


def test_overlapping_sessions_entered_together_are_refused(admin_client, seeded):
    period = SchedulePeriod.objects.get()
    url = reverse("admin:worktime_scheduleperiod_change", args=[period.pk])
    sessions = list(period.sessions.order_by("weekday", "start"))
    data = {
        "calendar": period.calendar_id,
        "name": period.name,
        "starts_month": 1,
        "starts_day": 1,
        "sessions-TOTAL_FORMS": len(sessions) + 2,
        "sessions-INITIAL_FORMS": len(sessions),
        "sessions-MIN_NUM_FORMS": 0,
        "sessions-MAX_NUM_FORMS": 1000,
    }
    for i, session in enumerate(sessions):
        data.update(
            {
                f"sessions-{i}-id": session.pk,
                f"sessions-{i}-period": period.pk,
                f"sessions-{i}-weekday": session.weekday,
                f"sessions-{i}-start": session.start.strftime("%H:%M"),
                f"sessions-{i}-end": session.end.strftime("%H:%M"),
            }
        )
    n = len(sessions)
    for i, (start, end) in enumerate((("07:30", "09:00"), ("08:00", "10:00")), start=n):
        data.update(
            {
                f"sessions-{i}-period": period.pk,
                f"sessions-{i}-weekday": 5,
                f"sessions-{i}-start": start,
                f"sessions-{i}-end": end,
            }
        )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "chồng lên nhau" in response.content.decode()
    assert not period.sessions.filter(weekday=5).exists()
