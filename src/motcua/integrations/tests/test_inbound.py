"""Dossiers filed on the national portal, pulled and created through the one online intake
path, once per national code (PL2-10); malformed packets refused with the reason (PL5-8)."""

import pytest
from django.core.management import call_command

from motcua.dossiers.models import Dossier, DossierChannel
from motcua.dossiers.states import State
from motcua.dossiers.tests.world import v
from motcua.portal.models import OnlineIntake

from ..contrib.dvcqg import services as dvcqg
from ..models import InboundDossier, OutboxMessage

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def filed(world, **fields) -> dict:
    """A dossier as the national portal lists it."""
    packet = {
        "MaHoSo": "G22.99-260302-000123",
        "KenhNop": "DVCQG",
        "MaTTHC": world.version.procedure.national_code,
        "MaCoQuanGiaiQuyet": world.department.code,
        "ChuHoSo": "Trần Thị Bình",
        "LoaiDoiTuong": 1,
        "SoGiayToChuHoSo": "051190001234",
        "NgaySinh": "19900215",
        "SoDienThoai": "0905000111",
        "NgayNopHoSo": "20260302083000",
        "HinhThuc": 2,
        "TaiLieuNop": [
            {
                "TepDinhKemId": "tep-1",
                "TenTepDinhKem": "giay-chung-sinh.pdf",
                "TenThanhPhanHoSo": "Giấy chứng sinh",
                "DuocSoHoa": 1,
            }
        ],
    }
    packet.update(fields)
    return packet


@pytest.mark.criterion("PL2-10")
def test_a_dossier_filed_on_the_portal_is_created_once_even_if_sent_twice(
    world, clock, portal, committed
):
    portal.pending = [filed(world)]
    portal.files = {"tep-1": PDF}
    assert dvcqg.pull_dossiers() == dvcqg.PullReport(accepted=1)
    d = Dossier.objects.get()
    assert d.channel == DossierChannel.NATIONAL_PORTAL and d.state == State.SUBMITTED
    assert d.receiving_agency == world.desk and d.settling_agency == world.department
    assert (
        d.applicant_name == "Trần Thị Bình"
        and d.applicant_date_of_birth.isoformat() == "1990-02-15"
    )
    component = d.components.get(requirement__name="Giấy chứng sinh")
    assert component.digitised and component.files.get().original_name == "giay-chung-sinh.pdf"
    assert OnlineIntake.objects.get().key == "G22.99-260302-000123"
    assert portal.acknowledgements[-1] == {
        "MaHoSoQG": "G22.99-260302-000123", "MaHoSo": d.code, "KetQua": 1, "LyDo": "",
    }  # fmt: skip
    # Our acknowledgement was lost: the portal lists it again — still one dossier.
    portal.pending = [filed(world), filed(world)]
    assert dvcqg.pull_dossiers() == dvcqg.PullReport(accepted=2)
    assert Dossier.objects.count() == 1 and InboundDossier.objects.get().dossier == d
    assert [a["MaHoSo"] for a in portal.acknowledgements] == [d.code] * 3
    assert not OutboxMessage.objects.exists()  # the portal knows status 1 already
    # Received here: the portal hears of it.
    from motcua.dossiers import services

    with committed():
        d = services.receive(d, actor=world.reception, **v(d), now=clock.tick())
    assert portal.kinds(d.code) == ["HoSo", "TrangThai"] and portal.statuses(d.code) == [2]


@pytest.mark.criterion("PL2-10", "PL5-8")
def test_a_bad_packet_is_refused_with_a_clear_reason_and_writes_no_dossier(world, portal):
    portal.pending = [
        filed(world, MaHoSo="QG-1", MaTTHC="", NgayNopHoSo="02/03/2026", HinhThuc=7),
        filed(world, MaHoSo="QG-2", MaTTHC="9.999999"),
        filed(world, MaHoSo="QG-3", MaCoQuanGiaiQuyet="000.99.99.H99"),
        filed(world, MaHoSo="QG-4"),  # its file is not on the portal
        ["không phải hồ sơ"],
    ]
    report = dvcqg.pull_dossiers()
    assert report == dvcqg.PullReport(rejected=5)
    assert not Dossier.objects.exists() and not OnlineIntake.objects.exists()
    errors = dict(InboundDossier.objects.values_list("national_code", "error"))
    assert "Thiếu trường bắt buộc MaTTHC" in errors["QG-1"]
    assert "yyyyMMddHHmmss" in errors["QG-1"] and "HinhThuc" in errors["QG-1"]
    assert "9.999999" in errors["QG-2"] and "000.99.99.H99" in errors["QG-3"]
    assert "HTTP 404" in errors["QG-4"]
    assert len(errors) == 5  # the packet without a code is recorded under its fingerprint
    refused = {a["MaHoSoQG"]: a for a in portal.acknowledgements}
    assert set(refused) == {"QG-1", "QG-2", "QG-3", "QG-4"}
    assert all(a["KetQua"] == 0 and a["LyDo"] for a in refused.values())


def test_a_dossier_whose_files_cannot_be_fetched_now_waits_for_the_next_pull(world, portal):
    portal.pending = [filed(world)]
    portal.files = {"tep-1": PDF}
    portal.fail_next(status=503, path="tep-tin")
    assert dvcqg.pull_dossiers() == dvcqg.PullReport(postponed=1)
    assert not Dossier.objects.exists() and portal.acknowledgements == []
    call_command("integrations_sync", stdout=None)
    assert Dossier.objects.count() == 1
