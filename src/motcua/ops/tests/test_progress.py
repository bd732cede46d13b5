"""PL5-11: work that may take longer than 10 s runs in the background and shows its progress,
with htmx (the progress block polls itself) and without JavaScript (the page refreshes)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from motcua.ops import services
from motcua.ops.models import LongOperation

pytestmark = pytest.mark.django_db

STEPS = []


@services.operation_kind("test.count", "Đếm thử")
def _count(operation, report):
    for done in range(1, 5):
        report(done, 4, f"Bước {done}")
        STEPS.append(LongOperation.objects.get(pk=operation.pk).progress)
    if operation.params.get("fail"):
        raise ValidationError("Không có dữ liệu trong khoảng thời gian đã chọn.")
    if operation.params.get("crash"):
        raise RuntimeError("bug")
    return "dem-thu.txt", "xong: 4 bước".encode()


@pytest.mark.criterion("PL5-11")
def test_a_pending_operation_shows_progress_with_and_without_javascript(client, sysadmin):
    operation = services.start_operation("test.count", owner=sysadmin)  # not run: no commit
    client.force_login(sysadmin)
    page = client.get(operation.get_absolute_url())
    body = page.content.decode()
    assert '<progress id="operation-progress-' in body and 'value="0"' in body
    assert 'hx-trigger="every 2s"' in body  # with JavaScript: the block polls itself
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in body  # without
    fragment = client.get(operation.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert fragment.content.decode().lstrip().startswith('<div id="operation-')  # only the block


@pytest.mark.criterion("PL5-11")
def test_the_worker_reports_progress_and_keeps_the_result(
    client, sysadmin, django_capture_on_commit_callbacks
):
    STEPS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        operation = services.start_operation("test.count", owner=sysadmin)
    assert STEPS == [25, 50, 75, 99]  # written while it ran, seen by other connections
    operation.refresh_from_db()
    assert (operation.status, operation.progress, operation.result_name) == (
        "done",
        100,
        "dem-thu.txt",
    )
    client.force_login(sysadmin)
    fragment = client.get(operation.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment  # finished: polling stops
    assert reverse("ops:operation_download", args=[operation.pk]) in fragment
    download = client.get(reverse("ops:operation_download", args=[operation.pk]))
    assert b"".join(download.streaming_content) == "xong: 4 bước".encode()
    assert 'filename="dem-thu.txt"' in download["Content-Disposition"]


def test_failures_are_shown_in_plain_words(client, sysadmin, django_capture_on_commit_callbacks):
    client.force_login(sysadmin)
    with django_capture_on_commit_callbacks(execute=True):
        expected = services.start_operation("test.count", owner=sysadmin, params={"fail": 1})
        crashed = services.start_operation("test.count", owner=sysadmin, params={"crash": 1})
    body = client.get(expected.get_absolute_url()).content.decode()
    assert "Không có dữ liệu trong khoảng thời gian đã chọn." in body
    body = client.get(crashed.get_absolute_url()).content.decode()
    assert "Có lỗi khi thực hiện" in body and "bug" not in body
    assert client.get(reverse("ops:operation_download", args=[crashed.pk])).status_code == 404


def test_only_the_owner_follows_an_operation(client, sysadmin, official):
    operation = services.start_operation("test.count", owner=sysadmin)
    client.force_login(official)
    assert client.get(operation.get_absolute_url()).status_code == 404
    with pytest.raises(PermissionDenied):
        services.start_operation("test.count", owner=official)
    with pytest.raises(ValidationError):
        services.start_operation("no.such.kind", owner=sysadmin)
