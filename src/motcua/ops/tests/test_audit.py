"""The audit trail: representative actions of each app, performed through their services,
leave who did what to which object; the administrator reads, filters and exports it; old
entries are purged after the retention period, and the purge is itself recorded."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import logging
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from motcua.core import audit
from motcua.core.models import AuditEntry
from motcua.dossiers.tests.world import HCM, Clock, build_world, counter_dossier
from motcua.ops import services
from motcua.ops.models import MaintenanceNotice

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    world = build_world()
    world.citizen.email_verified_at = timezone.now()  # may register organisations and file
    world.citizen.save()
    return world


def _sign_up(w):
    from motcua.accounts import services as accounts

    user = accounts.sign_up(full_name="Lê Thị Hoa", password="Mat-khau-2026", email="h@x.vn")
    return user, user, "accounts.signed_up"


def _profile(w):
    from motcua.accounts import services as accounts

    accounts.update_profile(w.citizen, actor=w.citizen, address="12 Lê Lợi, Quảng Ngãi")
    return w.citizen, w.citizen, "accounts.profile_updated"


def _password(w):
    from motcua.accounts import services as accounts

    w.citizen.set_password("Cu-mat-khau-2026")
    w.citizen.save()
    accounts.change_password(w.citizen, "Cu-mat-khau-2026", "Moi-mat-khau-2026")
    return w.citizen, w.citizen, "accounts.password_changed"


def _organisation(w):
    from motcua.accounts import services as accounts

    org = accounts.register_organisation(
        w.citizen, name="Công ty TNHH Sông Trà", tax_code="0100109106", address="Quảng Ngãi"
    )
    return w.citizen, org, "accounts.organisation_registered"


def _agency(w):
    from motcua.directory import services as directory

    w.desk.short_name = "TTPVHCC"
    directory.save_agency(w.desk, actor=w.province_admin)
    return w.province_admin, w.desk, "directory.agency.updated"


def _procedure_draft(w):
    from motcua.catalog import services as catalog

    draft = catalog.new_draft_from(w.version, actor=w.province_admin)
    return w.province_admin, draft, "catalog.version.copied"


def _holiday(w):
    from motcua.worktime import services as worktime
    from motcua.worktime.models import Calendar, Holiday

    calendar = Calendar.objects.get(agency__isnull=True)
    day = Holiday(calendar=calendar, date=date(2030, 6, 3), name="Nghỉ bù")
    worktime.save_record(day, actor=w.province_admin)
    return w.province_admin, day, "worktime.created"


def _reception(w):
    dossier = counter_dossier(w, Clock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM)))
    return w.reception, dossier, "dossier.receive"


def _letterhead(w):
    from motcua.documents import services as documents

    letterhead = documents.save_letterhead(
        w.department, actor=w.province_admin, data=documents.letterhead_values(w.department)
    )
    return w.province_admin, letterhead, "documents.letterhead_saved"


def _software_request(w):
    from motcua.compliance import services as compliance

    request = compliance.register_request(
        actor=w.province_admin,
        agency=w.department,
        received_on=date(2026, 3, 2),
        subject="Thêm bộ lọc theo lĩnh vực",
        description="Đề nghị thêm bộ lọc theo lĩnh vực trên danh sách hồ sơ.",
    )
    return w.province_admin, request, "compliance.request.registered"


def _template(w):
    from motcua.notifications import kinds
    from motcua.notifications import services as notifications

    template = notifications.save_template_version(
        kind=kinds.all_kinds()[0].code,
        channel="email",
        language="vi",
        subject="Thông báo",
        body="Nội dung {{ full_name }}",
        actor=w.province_admin,
    )
    return w.province_admin, template, "notifications.template_saved"


def _draft_submission(w):
    from motcua.portal import services as portal

    submission = portal.start(user=w.citizen, version=w.version)
    return w.citizen, submission, "portal.draft_started"


def _maintenance(w):
    now = timezone.now()
    notice = services.save_maintenance_notice(
        MaintenanceNotice(
            title="Nâng cấp máy chủ",
            starts_at=now + dt.timedelta(days=10),
            ends_at=now + dt.timedelta(days=10, hours=2),
        ),
        actor=w.province_admin,
    )
    return w.province_admin, notice, "ops.maintenance_announced"


ACTIONS = [
    _sign_up,
    _profile,
    _password,
    _organisation,
    _agency,
    _procedure_draft,
    _holiday,
    _reception,
    _letterhead,
    _software_request,
    _template,
    _draft_submission,
    _maintenance,
]


@pytest.mark.criterion("S-1", "D3.10")
@pytest.mark.parametrize("act", ACTIONS, ids=lambda f: f.__name__.strip("_"))
def test_each_app_records_who_did_what_to_which_object(
    world, act, caplog, django_capture_on_commit_callbacks
):
    """One representative action per app: its audit entry names the actor, the action and
    the object, and goes to the "motcua.audit" log for the monitoring centre once committed."""
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with (
        caplog.at_level(logging.INFO, logger="motcua.audit"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        actor, obj, action = act(world)
    entries = AuditEntry.objects.filter(id__gt=before, action=action)
    entry = entries.get(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    assert entry.actor == actor
    assert entry.at is not None
    shipped = [r for r in caplog.records if getattr(r, "audit_id", None) == entry.pk]
    assert shipped and shipped[0].action == action and shipped[0].actor == actor.username


def test_a_rolled_back_action_leaves_no_log_line(world, caplog, django_capture_on_commit_callbacks):
    from django.db import transaction

    with (
        caplog.at_level(logging.INFO, logger="motcua.audit"),
        django_capture_on_commit_callbacks(execute=True),
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        audit.record("test.rolled_back", actor=world.province_admin)
        raise RuntimeError
    assert not AuditEntry.objects.filter(action="test.rolled_back").exists()
    assert not [r for r in caplog.records if getattr(r, "action", "") == "test.rolled_back"]


# --- the administrator's audit log -------------------------------------------------------------


def _entries(sysadmin, official):
    audit.record("dossier.receive", actor=official, obj=official, summary="Tiếp nhận hồ sơ")
    audit.record("accounts.profile_updated", actor=sysadmin, obj=sysadmin, summary="=HYPERLINK()")


@pytest.mark.criterion("S-1")
def test_administrator_filters_the_audit_log(client, sysadmin, official):
    _entries(sysadmin, official)
    client.force_login(sysadmin)
    page = client.get(reverse("ops:audit_log"), {"actor": "canbo.tiepnhan"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Tiếp nhận hồ sơ" in body and "=HYPERLINK()" not in body
    page = client.get(reverse("ops:audit_log"), {"action": "accounts.profile_updated"})
    assert "=HYPERLINK()" in page.content.decode()
    assert "Tiếp nhận hồ sơ" not in page.content.decode()


def test_only_system_administrators_read_the_audit_log(client, official):
    assert client.get(reverse("ops:audit_log")).status_code == 302  # to the sign-in page
    client.force_login(official)
    assert client.get(reverse("ops:audit_log")).status_code == 403
    assert client.get(reverse("ops:audit_csv")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.audit_entries(official, services.AuditFilter())


@pytest.mark.criterion("S-1")
def test_csv_export_is_filtered_formula_safe_and_audited(client, sysadmin, official):
    _entries(sysadmin, official)
    client.force_login(sysadmin)
    selection = {"actor": "quantri.tinh", "action": "accounts.profile_updated"}
    response = client.get(reverse("ops:audit_csv"), selection)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "Thời điểm"
    assert [row[6] for row in rows[1:]] == ["'=HYPERLINK()"]  # never a live formula
    exported = AuditEntry.objects.get(action="audit.exported")
    assert exported.actor == sysadmin
    assert exported.details["filter"] == selection
    assert exported.details["count"] == 1


@pytest.mark.criterion("S-1", "PL5-11")
def test_xlsx_export_runs_as_a_long_operation(
    client, sysadmin, official, django_capture_on_commit_callbacks
):
    _entries(sysadmin, official)
    client.force_login(sysadmin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ops:audit_xlsx"), {"action": "dossier.receive"})
    assert response.status_code == 302
    progress = client.get(response["Location"])
    assert "Đã xong" in progress.content.decode()
    download = client.get(progress.context["operation"].get_absolute_url() + "tai-ve/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][3] == "Hành động"
    assert [row[3] for row in rows[1:]] == ["dossier.receive"]
    assert AuditEntry.objects.filter(action="audit.exported", details__format="xlsx").exists()


# --- retention -----------------------------------------------------------------------------------


def _aged(action: str, days: int) -> AuditEntry:
    entry = audit.record(action)
    AuditEntry.objects.filter(pk=entry.pk).update(at=timezone.now() - dt.timedelta(days=days))
    return entry


@pytest.mark.criterion("S-1")
def test_purge_removes_only_expired_entries_and_records_itself(db, settings):
    settings.MOTCUA_AUDIT_RETENTION_DAYS = 365
    old, recent = _aged("old.action", 400), _aged("recent.action", 30)
    report = services.purge_expired()
    assert report.audit_entries == 1
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    purge = AuditEntry.objects.get(action="audit.purged")
    assert purge.details["audit_entries"] == 1 and purge.details["audit_retention_days"] == 365


def test_retention_zero_keeps_everything_and_too_short_is_refused(db, settings):
    old = _aged("old.action", 4000)
    settings.MOTCUA_AUDIT_RETENTION_DAYS = 0
    assert services.purge_expired().audit_entries == 0
    assert AuditEntry.objects.filter(pk=old.pk).exists()
    settings.MOTCUA_AUDIT_RETENTION_DAYS = 7
    with pytest.raises(ValidationError, match="từ 90 ngày"):
        services.purge_expired()
    assert AuditEntry.objects.filter(pk=old.pk).exists()


def test_purge_command(db, settings, capsys):
    from django.core.management import call_command

    settings.MOTCUA_AUDIT_RETENTION_DAYS = 100
    _aged("old.action", 200)
    call_command("purge_expired")
    assert "Đã xóa 1 dòng nhật ký thao tác" in capsys.readouterr().out
    settings.MOTCUA_AUDIT_RETENTION_DAYS = 5
    with pytest.raises(Exception, match="90 ngày"):
        call_command("purge_expired")


def test_single_audit_entries_stay_append_only(db):
    entry = audit.record("x.y")
    with pytest.raises(ValueError):
        entry.delete()
    entry.summary = "sửa"
    with pytest.raises(ValueError):
        entry.save()


def test_json_details_survive_export(client, sysadmin):
    audit.record("x.y", actor=sysadmin, details={"tên": "Quảng Ngãi"})
    client.force_login(sysadmin)
    response = client.get(reverse("ops:audit_csv"))
    text = b"".join(response.streaming_content).decode()
    row = next(r for r in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if r[3] == "x.y")
    assert json.loads(row[8]) == {"tên": "Quảng Ngãi"}


@pytest.mark.criterion("S-1", "D3.10")
def test_sign_in_sign_out_failures_and_lock_outs_are_recorded(client, official, settings):
    settings.AXES_ENABLED = True
    login = reverse("accounts:login")
    client.post(login, {"username": official.username, "password": "Mat-khau-2026"})
    client.post(reverse("accounts:logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": official.username, "password": "sai"})
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "actor", "summary"))
    assert actions[:2] == [
        ("auth.logged_in", official.pk, official.username),
        ("auth.logged_out", official.pk, official.username),
    ]
    failures = [a for a in actions if a[0] == "auth.login_failed"]
    assert failures and all(summary == official.username for _a, _b, summary in failures)
    assert ("auth.locked_out", None, official.username) in actions
    assert not any("sai" in str(a) for a in actions)  # never the password typed
