"""The "Lưu trữ hồ sơ" page: who may open it, scope per unit, filters and search, download
(audited), verification, export, the batch button and destruction by the province
administrator only."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from motcua.archive import services
from motcua.archive.models import ArchiveRecord
from motcua.core.models import AuditEntry
from motcua.dossiers.states import State
from motcua.dossiers.tests.world import drive

pytestmark = [pytest.mark.django_db, pytest.mark.criterion("D3.9", "PL2-4")]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def records(world, clock):
    """Two archived dossiers of the world's department: one returned, one stopped."""
    returned = services.archive_dossier(drive(world, clock, State.RETURNED), actor=world.clerk)
    stopped = services.archive_dossier(drive(world, clock, State.STOPPED), actor=world.clerk)
    return returned, stopped


def test_who_may_open_the_archive(world, records):
    for user in (world.clerk, world.agency_leader, world.province_admin):
        assert client_for(user).get(reverse("archive:list")).status_code == 200
    for user in (world.reception, world.specialist):
        assert client_for(user).get(reverse("archive:list")).status_code == 403
    anonymous = Client().get(reverse("archive:list"))
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse(settings.LOGIN_URL))
    page = client_for(world.clerk).get(reverse("archive:list")).content.decode()
    assert 'data-nav="archive"' in page and 'aria-current="page"' in page


def test_an_agency_sees_only_its_own_archive(world, other_world, records, clock):
    theirs = services.archive_dossier(
        drive(other_world, clock, State.RETURNED), actor=other_world.clerk
    )
    mine = client_for(world.clerk)
    page = mine.get(reverse("archive:list")).content.decode()
    assert all(r.code in page for r in records) and theirs.code not in page
    for name in ("archive:detail", "archive:download"):
        assert mine.get(reverse(name, args=[theirs.code])).status_code == 404
    assert mine.post(reverse("archive:verify", args=[theirs.code])).status_code == 404
    export = mine.get(reverse("archive:export"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    codes = {row[0] for row in sheet.iter_rows(values_only=True)}
    assert {r.code for r in records} <= codes and theirs.code not in codes
    # The province administrator sees every agency's archive.
    admin = client_for(world.province_admin).get(reverse("archive:list")).content.decode()
    assert theirs.code in admin and records[0].code in admin
    # A batch for another agency is not offered and not accepted.
    response = mine.post(
        reverse("archive:batch"),
        {"batch-agency": other_world.department.pk, "batch-until": "2026-03-31"},
    )
    assert response.status_code == 302
    assert ArchiveRecord.objects.filter(agency=other_world.department).count() == 1


def test_filters_and_search(world, records):
    returned, stopped = records
    clerk = client_for(world.clerk)
    url = reverse("archive:list")

    def codes(**params) -> set[str]:
        page = clerk.get(url, params).content.decode()
        return {r.code for r in records if r.code in page}

    assert codes(q=returned.dossier_code) == {returned.code}
    assert codes(q="nguyen van an") == {returned.code, stopped.code}  # no diacritics needed
    assert codes(year=2026) == {returned.code, stopped.code}
    assert codes(year=2025) == {returned.code, stopped.code}  # not a choice: ignored
    assert codes(field=returned.field_code) == {returned.code, stopped.code}
    assert codes(procedure=returned.procedure_code, status="retained") == {
        returned.code,
        stopped.code,
    }
    ArchiveRecord.objects.filter(pk=stopped.pk).update(disposal_due_on=dt.date(2026, 1, 1))
    assert codes(status="due") == {stopped.code}
    assert codes(status="retained") == {returned.code}
    assert codes(status="destroyed") == set()


def test_download_is_audited_and_verification_reports(world, records):
    record = records[0]
    clerk = client_for(world.clerk)
    response = clerk.get(reverse("archive:download", args=[record.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert f"{record.code}.zip" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == record.package_sha256
    entry = AuditEntry.objects.get(action="archive.downloaded")
    assert entry.actor == world.clerk and entry.object_id == str(record.pk)

    response = clerk.post(reverse("archive:verify", args=[record.code]), follow=True)
    assert "Gói lưu trữ nguyên vẹn" in response.content.decode()
    with default_storage.open(record.package.name, "wb") as handle:
        handle.write(body[:-10] + b"0123456789")
    response = clerk.post(reverse("archive:verify", args=[record.code]), follow=True)
    assert "Phát hiện sai lệch" in response.content.decode()
    assert AuditEntry.objects.filter(action="archive.verified").count() == 2


def test_export_lists_the_filtered_records(world, records):
    response = client_for(world.agency_leader).get(
        reverse("archive:export"), {"q": records[1].dossier_code}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    data = [row for row in rows if row and row[0] and str(row[0]).endswith("-00002")]
    assert len(data) == 1 and data[0][1] == records[1].dossier_code
    assert data[0][7] == "10 năm"


def test_the_batch_button_archives_what_ended(world, clock):
    drive(world, clock, State.RETURNED)
    drive(world, clock, State.WITHDRAWN)  # before reception: the desk's, not the department's
    clerk = client_for(world.clerk)
    page = clerk.get(reverse("archive:list")).content.decode()
    assert f'value="{world.department.pk}"' in page and f'value="{world.desk.pk}"' not in page
    form = {"batch-agency": world.department.pk, "batch-until": "2026-03-31"}
    response = clerk.post(reverse("archive:batch"), form, follow=True)
    assert "Đã lưu trữ 1 hồ sơ" in response.content.decode()
    response = clerk.post(reverse("archive:batch"), form, follow=True)
    assert "Đã lưu trữ 0 hồ sơ" in response.content.decode()
    assert ArchiveRecord.objects.count() == 1
    bad = clerk.post(
        reverse("archive:batch"), {"batch-agency": "x", "batch-until": "hôm qua"}, follow=True
    )
    assert bad.status_code == 200 and ArchiveRecord.objects.count() == 1
    future = clerk.post(
        reverse("archive:batch"), {"batch-agency": world.department.pk, "batch-until": "2999-01-01"}
    )
    assert future.status_code == 302 and ArchiveRecord.objects.count() == 1
    admin = client_for(world.province_admin)
    admin.post(
        reverse("archive:batch"), {"batch-agency": world.desk.pk, "batch-until": "2026-03-31"}
    )
    assert ArchiveRecord.objects.filter(agency=world.desk).count() == 1


def test_only_the_province_administrator_destroys_due_packages(
    world, records, django_capture_on_commit_callbacks
):
    record = records[0]
    url = reverse("archive:destroy", args=[record.code])
    detail = reverse("archive:detail", args=[record.code])
    admin = client_for(world.province_admin)
    # Not yet due: no destroy form, and a forged request is refused.
    assert "Hủy gói lưu trữ" not in admin.get(detail).content.decode()
    assert admin.post(url, {"reason": "QĐ 5"}).status_code == 409

    ArchiveRecord.objects.filter(pk=record.pk).update(disposal_due_on=dt.date(2026, 1, 1))
    assert "Hủy gói lưu trữ" not in client_for(world.clerk).get(detail).content.decode()
    for user in (world.clerk, world.agency_leader):
        assert client_for(user).post(url, {"reason": "QĐ 5"}).status_code == 403
    assert admin.post(url, {"reason": ""}).status_code == 400
    assert "Hủy gói lưu trữ" in admin.get(detail).content.decode()
    name = record.package.name
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url, {"reason": "Quyết định số 5/QĐ-STP ngày 02/01/2026"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.destroyed_by == world.province_admin
    assert record.destruction_reason == "Quyết định số 5/QĐ-STP ngày 02/01/2026"
    assert not default_storage.exists(name)
    page = admin.get(detail).content.decode()
    assert "Đã hủy gói lưu trữ" in page and "Quyết định số 5/QĐ-STP" in page
    assert admin.get(reverse("archive:download", args=[record.code])).status_code == 404
    assert AuditEntry.objects.filter(action="archive.destroyed").count() == 1
