"""The archive in English (/en/): the catalogue's labels and messages, no Vietnamese interface
text."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from motcua.archive import services
from motcua.archive.models import ArchiveRecord
from motcua.backoffice.tests.helpers import client_for
from motcua.dossiers.states import State
from motcua.dossiers.tests.world import drive

pytestmark = pytest.mark.django_db


def english(user, name: str, *args, data: dict | None = None) -> str:
    """The page ``name`` under /en/ (GET; POST following the redirect when ``data`` is given)."""
    with translation.override("vi"):  # the middleware's English must not outlive the test
        url = "/en" + reverse(name, args=args)
        client = client_for(user)
        if data is None:
            return client.get(url).content.decode()
        return client.post(url, data, follow=True).content.decode()


@pytest.fixture
def record(world, clock) -> ArchiveRecord:
    return services.archive_dossier(drive(world, clock, State.RETURNED), actor=world.clerk)


def test_archive_list_and_record_in_english(world, record):
    page = english(world.clerk, "archive:list")
    assert '<html lang="en">' in page and "<h1>Dossier archive</h1>" in page
    assert "Within the retention period" in page and "Due for disposal review" in page
    assert "Archive code" in page and "Retention period" in page and "Retained" in page
    assert "1 archive record." in page and "Archive closed dossiers" in page
    assert "Thời hạn bảo quản" not in page and "Lưu trữ hồ sơ" not in page
    detail = english(world.clerk, "archive:detail", record.code)
    assert "Archive details" in detail and "Status at closing" in detail
    assert "Download the archive package" in detail and "Tải gói lưu trữ" not in detail
    verified = english(world.clerk, "archive:verify", record.code, data={})
    assert "The archive package is intact" in verified


def test_destruction_in_english(world, record):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    ArchiveRecord.objects.filter(pk=record.pk).update(disposal_due_on=yesterday)
    detail = english(world.province_admin, "archive:detail", record.code)
    assert "Destroy an archive package past its retention period" in detail
    assert "Reason for destruction" in detail and "Lý do hủy" not in detail
    destroyed = english(
        world.province_admin, "archive:destroy", record.code, data={"reason": "QĐ 12/QĐ-UBND"}
    )
    assert "The archive package was destroyed; the archive record is kept." in destroyed
    assert "Archive package destroyed" in destroyed and "Destroyed by" in destroyed


def test_destroyed_status_reads_destroyed(world):
    assert ">Destroyed<" in english(world.clerk, "archive:list")
