"""Statuses, dossiers and results sent to the national portal through the outbox (PL2-10),
in the packets of the connection (PL5-8), tested against the local fake portal."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.accounts.models import User
from motcua.dossiers import services
from motcua.dossiers.states import State
from motcua.dossiers.tests.world import counter_dossier, drive, v

from .. import outbox
from ..contrib.dvcqg import services as dvcqg
from ..contrib.dvcqg.fake import AGENCY_CODE, ENVELOPE
from ..models import OutboxMessage, System

pytestmark = pytest.mark.django_db

# The fields of the dossier packet (regs.md §5.4).
DOSSIER_FIELDS = {
    "MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "KenhThucHien", "SoGiayToChuHoSo",
    "ChuHoSo", "LoaiDoiTuong", "TrichYeuHoSo", "NgayTiepNhan", "NgayHenTra", "TrangThaiHoSo",
    "HinhThuc", "DonViXuLy", "NoiNopHoSo", "DinhDanhCHS", "TaiLieuNop", "DanhSachLePhi",
}  # fmt: skip
STAMP = re.compile(r"^\d{14}$")  # yyyyMMddHHmmss


def later(minutes: int = 0, hours: int = 0) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes, hours=hours)


def returned(world, clock, committed):
    with committed():
        d = drive(world, clock, State.FINISHED)
    with committed():
        return services.return_result(
            d, actor=world.reception, **v(d), early_return_notified=True, now=clock.tick()
        )


@pytest.mark.criterion("PL2-10", "PL5-8")
def test_a_dossier_lifecycle_reaches_the_portal_in_order(world, clock, portal, committed):
    d = returned(world, clock, committed)
    assert portal.statuses(d.code) == [2, 4, 9, 10]
    assert portal.kinds(d.code) == [
        "HoSo", "TrangThai", "TrangThai", "TrangThai", "KetQua", "TrangThai",
    ]  # fmt: skip
    assert portal.duplicates == []
    for packet in portal.accepted:
        assert set(ENVELOPE) <= set(packet)
        assert packet["MaDonViGui"] == AGENCY_CODE and STAMP.match(packet["ThoiDiemGui"])
        assert packet["MaGoiTin"].startswith(d.code + ".")
    dossier, *statuses = [p["DuLieu"] for p in portal.accepted if p["LoaiGoiTin"] != "KetQua"]
    assert set(dossier) >= DOSSIER_FIELDS
    assert (
        dossier["KenhThucHien"] == 1 and dossier["MaTTHC"] == world.version.procedure.national_code
    )
    assert STAMP.match(dossier["NgayTiepNhan"]) and STAMP.match(dossier["NgayHenTra"])
    history = statuses[-1]["QuaTrinhXuLy"][0]
    assert history["TrangThai"] == 10 and history["NguoiXuLy"] == str(world.reception)
    results = next(p for p in portal.accepted if p["LoaiGoiTin"] == "KetQua")["DuLieu"]
    assert results["DanhSachGiayToKetQua"][0]["SoKyHieu"] == "15/GKS"
    assert set(OutboxMessage.objects.values_list("state", flat=True)) == {"sent"}


@pytest.mark.criterion("PL2-10")
def test_own_online_dossiers_are_synced_from_reception_on(world, clock, portal, committed):
    with committed():
        d = drive(world, clock, State.SUBMITTED)
    with committed():
        refused = drive(world, clock, State.NOT_RECEIVED)
    assert portal.accepted == [] and not OutboxMessage.objects.exists()
    with committed():
        d = services.receive(d, actor=world.reception, **v(d), now=clock.tick())
    assert portal.kinds(d.code) == ["HoSo", "TrangThai"] and portal.kinds(refused.code) == []


@pytest.mark.criterion("PL2-10")
def test_a_failure_is_retried_with_back_off_and_later_statuses_wait(
    world, clock, portal, committed
):
    portal.fail_next(2, status=503, path="trang-thai")
    with committed():
        d = counter_dossier(world, clock)
    message = OutboxMessage.objects.get(kind="TrangThai")
    assert message.state == "retrying" and message.attempts == 1 and "503" in message.last_error
    assert 55 <= (message.next_attempt_at - timezone.now()).total_seconds() <= 60
    with committed():
        d = services.forward(d, actor=world.division_leader, **v(d), assignee=world.specialist)
    assert portal.statuses(d.code) == []  # status 4 does not overtake status 2
    assert outbox.deliver(System.DVCQG) == outbox.DeliveryReport()  # not due yet
    report = outbox.deliver(System.DVCQG, now=later(minutes=2))
    assert report == outbox.DeliveryReport(retrying=1)
    message.refresh_from_db()
    assert message.attempts == 2
    assert 115 <= (message.next_attempt_at - timezone.now()).total_seconds() <= 120
    assert outbox.deliver(System.DVCQG, now=later(minutes=5)).sent == 2
    assert portal.statuses(d.code) == [2, 4]


@pytest.mark.criterion("PL2-10")
def test_the_last_try_or_a_refusal_waits_for_an_administrator(
    world, clock, portal, client, committed
):
    portal.fail_next(status=400, path="trang-thai")
    with committed():
        d = counter_dossier(world, clock)
    with committed():
        d = services.forward(d, actor=world.division_leader, **v(d), assignee=world.specialist)
    failed = OutboxMessage.objects.get(state="failed")
    assert failed.position < OutboxMessage.objects.get(state="pending").position
    assert "HTTP 400" in failed.last_error
    assert outbox.deliver(System.DVCQG, now=later(hours=1)).sent == 0
    # The administrator sees it with its error, and sends it again.
    admin = User.objects.create_superuser("quantri", password="x")
    client.force_login(admin)
    page = client.get("/quan-tri/integrations/outboxmessage/?state__exact=failed")
    assert failed.message_id in page.content.decode() and "HTTP 400" in page.content.decode()
    response = client.post(
        "/quan-tri/integrations/outboxmessage/",
        {"action": "resend", "_selected_action": [failed.pk]},
    )
    assert response.status_code == 302
    assert outbox.deliver(System.DVCQG).sent == 2
    assert portal.statuses(d.code) == [2, 4]


def test_temporary_failures_stop_after_the_last_try(world, clock, portal, settings, committed):
    settings.MOTCUA_INTEGRATIONS["dvcqg"]["MAX_ATTEMPTS"] = 2
    with portal.outage():
        with committed():
            counter_dossier(world, clock)
        outbox.deliver(System.DVCQG, now=later(hours=1))
    assert OutboxMessage.objects.get(kind="HoSo").state == "failed"


@pytest.mark.criterion("PL2-10")
def test_no_duplicates_when_an_answer_is_lost_or_a_change_is_looked_at_again(
    world, clock, portal, committed
):
    portal.fail_next(status=502, path="trang-thai", after_apply=True)
    with committed():
        d = counter_dossier(world, clock)
    message = OutboxMessage.objects.get(kind="TrangThai")
    assert message.state == "retrying" and portal.statuses(d.code) == [2]
    outbox.deliver(System.DVCQG, now=later(hours=1))
    assert portal.duplicates == [message.message_id] and portal.statuses(d.code) == [2]
    # The same history queued again (event handler repeated, catch-up) queues nothing.
    count = OutboxMessage.objects.count()
    dvcqg.sync_dossier(d.pk)
    assert dvcqg.enqueue_since(later(hours=-48)) == 0
    assert OutboxMessage.objects.count() == count
    call_command("integrations_sync", "--no-pull", "--since", "2020-01-01", stdout=None)
    assert OutboxMessage.objects.count() == count and len(portal.accepted) == 2


def test_a_revoked_token_is_renewed(world, clock, portal, committed):
    with committed():
        counter_dossier(world, clock)
    portal.tokens.clear()
    with committed():
        d = drive(world, clock, State.RECEIVED)
    assert portal.statuses(d.code) == [2]
    assert len(portal.requests("/token")) == 2


def test_the_status_code_table_is_configuration(world, clock, portal, settings, committed):
    settings.MOTCUA_INTEGRATIONS["dvcqg"]["STATUS_CODES"] = {2: 20}
    with committed():
        d = counter_dossier(world, clock)
    assert portal.statuses(d.code) == [20]


@pytest.mark.criterion("PL2-10")
def test_nothing_is_queued_or_sent_when_unconfigured(world, clock, settings, committed):
    from ..contrib.dvcqg.fake import FakeDvcqg

    settings.MOTCUA_INTEGRATIONS = {}
    with FakeDvcqg() as fake:
        returned(world, clock, committed)
        assert dvcqg.pull_dossiers() == dvcqg.PullReport()
        call_command("integrations_sync")
    assert not OutboxMessage.objects.exists() and fake.received == []
