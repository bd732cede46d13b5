"""The citizen's pages after filing: status and history, supplements, withdrawal or stop,
results, the document store, public tracking — and that nobody sees another's dossier."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from motcua.accounts.acting import SESSION_KEY
from motcua.accounts.models import Organisation, OrganisationMember, OrganisationRole
from motcua.documents.signing import SignerConfig
from motcua.documents.tests import pki as test_pki
from motcua.dossiers.models import DossierFile
from motcua.dossiers.states import State
from motcua.portal import services

from .filing import (
    build_filing,
    file_online,
    officials_finish_with_a_signed_result,
    officials_take_it_to_supplement,
    pdf,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def filing():
    return build_filing()


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.criterion("PL3-12", "PL3-17", "PL3-5", "D3.7")
def test_my_dossiers_show_status_history_down_to_the_unit_and_the_due_date(
    client, filing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = file_online(filing)
    client.force_login(filing.citizen)
    listing = _page(client, "/ho-so-cua-toi/")
    assert dossier.code in listing and "Mới đăng ký" in listing
    with django_capture_on_commit_callbacks(execute=True):
        dossier = officials_take_it_to_supplement(filing, dossier)
    page = _page(client, f"/ho-so-cua-toi/{dossier.code}/")
    assert "Yêu cầu bổ sung giấy tờ" in page
    assert filing.division.name in page  # the unit holding the dossier
    assert "Thẩm định hồ sơ" in page  # its current step
    assert dossier.due_at is not None
    assert "Bản sao Giấy chứng nhận kết hôn của cha, mẹ" in page
    assert "Cần xác định quan hệ cha, mẹ, con." in page
    # Every status change is in the history, with the unit that acted.
    for label in ("Nộp hồ sơ", "Tiếp nhận hồ sơ", "Được tiếp nhận", filing.desk.name):
        assert label in page, label
    # The lifecycle events reached the citizen's messages (in-app notifications).
    assert "Thông báo về hồ sơ" in page
    filtered = _page(client, "/ho-so-cua-toi/?trang_thai=10")
    assert dossier.code not in filtered


@pytest.mark.criterion("PL3-12", "PL3-4")
def test_the_citizen_answers_a_supplement_request_online(client, filing):
    dossier = officials_take_it_to_supplement(filing, file_online(filing))
    client.force_login(filing.citizen)
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {"version": dossier.version, "item-0": [pdf("ket-hon.pdf")], "note": "Gửi bổ sung"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING
    assert DossierFile.objects.filter(
        component__dossier=dossier,
        component__name="Bản sao Giấy chứng nhận kết hôn của cha, mẹ",
        original_name="ket-hon.pdf",
    ).exists()
    assert services.documents_of(filing.citizen).filter(original_name="ket-hon.pdf").exists()


def test_a_refused_supplement_file_changes_nothing(client, filing):
    from .filing import exe

    dossier = officials_take_it_to_supplement(filing, file_online(filing))
    client.force_login(filing.citizen)
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {"version": dossier.version, "item-0": [pdf("tot.pdf"), exe("xau.pdf")]},
        follow=True,
    )
    assert "không đúng định dạng cho phép" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    assert not services.documents_of(filing.citizen).filter(original_name="tot.pdf").exists()


def test_a_stale_page_is_told_to_reload(client, filing):
    dossier = officials_take_it_to_supplement(filing, file_online(filing))
    client.force_login(filing.citizen)
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {"version": dossier.version - 1, "item-0": [pdf()]},
        follow=True,
    )
    assert "vừa được người khác cập nhật" in response.content.decode()


@pytest.mark.criterion("PL3-12")
def test_withdrawal_before_reception_and_stop_after(client, filing):
    client.force_login(filing.citizen)
    first = file_online(filing)
    page = _page(client, f"/ho-so-cua-toi/{first.code}/")
    assert "Rút hồ sơ" in page
    client.post(f"/ho-so-cua-toi/{first.code}/rut/", {"version": first.version, "reason": "Đổi ý"})
    first.refresh_from_db()
    assert first.state == State.WITHDRAWAL_REQUESTED

    second = officials_take_it_to_supplement(filing, file_online(filing))
    page = _page(client, f"/ho-so-cua-toi/{second.code}/")
    assert "Yêu cầu dừng giải quyết hồ sơ" in page  # 2025 rules: stop, not withdraw
    client.post(
        f"/ho-so-cua-toi/{second.code}/rut/", {"version": second.version, "reason": "Chuyển đi"}
    )
    second.refresh_from_db()
    assert second.state == State.STOPPED


@pytest.mark.criterion("PL3-16", "PL3-17")
def test_the_signed_result_is_downloaded_and_kept_in_my_documents(client, filing, tmp_path):
    made = test_pki.build(tmp_path / "pki")
    config = SignerConfig(pkcs12_file=str(made.pkcs12), pkcs12_password=test_pki.PKCS12_PASSWORD)
    dossier = officials_take_it_to_supplement(filing, file_online(filing))
    from motcua.dossiers import services as s

    dossier = s.receive_supplement(dossier, actor=filing.citizen, expected_version=dossier.version)
    dossier = officials_finish_with_a_signed_result(filing, dossier, config)
    assert dossier.state == State.RETURNED
    client.force_login(filing.citizen)
    page = _page(client, f"/ho-so-cua-toi/{dossier.code}/")
    result = dossier.results.get()
    assert f"/van-ban/ket-qua/{result.pk}/" in page and "đã ký số" in page
    download = client.get(f"/van-ban/ket-qua/{result.pk}/")
    assert download.status_code == 200 and download.content[:5] == b"%PDF-"
    assert "Giấy khai sinh" in _page(client, "/giay-to-cua-toi/")
    # The result can be reused as a component of a later dossier.
    assert list(services.results_of(filing.citizen)) == [result]


@pytest.mark.criterion("PL3-17")
def test_tracking_by_code_works_logged_out_and_shows_no_personal_data(client, filing):
    dossier = file_online(filing)
    from motcua.dossiers import services as s

    dossier = s.receive(dossier, actor=filing.reception, expected_version=dossier.version)
    page = _page(client, f"/tra-cuu/?ma={dossier.code.lower()}")
    assert dossier.code in page and "Được tiếp nhận" in page
    assert filing.desk.name in page and filing.department.name in page
    assert timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y") in page
    private_data = ("Nguyễn Văn An", "051085000001", "Hùng Vương, phường Cẩm Thành")
    for private in (*private_data, "khai sinh cho"):
        assert private not in page, private
    missing = client.get("/tra-cuu/?ma=000.00.00.H48-260101-9999")
    assert missing.status_code == 404 and "Không tìm thấy hồ sơ" in missing.content.decode()
    assert "Tra cứu hồ sơ" in _page(client, "/")  # the box on the home page


@pytest.mark.criterion("PL3-17")
def test_tracking_is_rate_limited_with_a_clear_message(client, filing, settings):
    settings.MOTCUA_RATE_TRACKING = "3/h"  # hour windows: no slow run straddles one
    for n in range(3):
        client.get(f"/tra-cuu/?ma=000.00.00.H48-260101-000{n}")
    response = client.get("/tra-cuu/?ma=000.00.00.H48-260101-0009")
    assert response.status_code == 429
    assert "tra cứu quá nhiều lần" in response.content.decode()


@pytest.mark.criterion("PL3-12", "PL3-6")
def test_a_citizen_cannot_reach_another_citizens_dossier_or_files(client, filing):
    dossier = file_online(filing)
    own = file_online(filing, user=filing.other_citizen)
    foreign_file = DossierFile.objects.filter(component__dossier=dossier).first()
    stored = services.documents_of(filing.citizen).first()
    client.force_login(filing.other_citizen)
    for url in (
        f"/ho-so-cua-toi/{dossier.code}/",
        f"/ho-so-cua-toi/{dossier.code}/tep/{foreign_file.pk}/",
        # the other's file under one's own dossier code
        f"/ho-so-cua-toi/{own.code}/tep/{foreign_file.pk}/",
        f"/giay-to-cua-toi/{stored.pk}/",
        f"/van-ban/ho-so/{dossier.code}/giay-tiep-nhan.pdf",
        f"/api/v1/dossiers/{dossier.code}/",
        f"/api/v1/dossiers/{dossier.code}/history/",
    ):
        assert client.get(url).status_code == 404, url
    for url, data in (
        (f"/ho-so-cua-toi/{dossier.code}/rut/", {"reason": "x", "version": dossier.version}),
        (f"/ho-so-cua-toi/{dossier.code}/bo-sung/", {"note": "x", "version": dossier.version}),
        (f"/giay-to-cua-toi/{stored.pk}/bo/", {}),
    ):
        assert client.post(url, data).status_code == 404, url
    listing = client.get("/api/v1/dossiers/").json()
    assert [row["code"] for row in listing["results"]] == [own.code]
    assert dossier.code not in _page(client, "/ho-so-cua-toi/")
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED
    # The owner does get them.
    client.force_login(filing.citizen)
    response = client.get(f"/ho-so-cua-toi/{dossier.code}/tep/{foreign_file.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:5] == b"%PDF-"


def test_an_organisations_dossiers_are_shared_by_its_members(client, filing):
    organisation = Organisation.objects.create(
        name="Công ty TNHH An Phát", tax_code="0100109106", address="1 Lê Lợi"
    )
    for user, role in (
        (filing.citizen, OrganisationRole.REPRESENTATIVE),
        (filing.other_citizen, OrganisationRole.STAFF),
    ):
        OrganisationMember.objects.create(organisation=organisation, user=user, role=role)
    dossier = file_online(filing, organisation=organisation)
    assert (dossier.applicant_name, dossier.applicant_id_number) == (
        "Công ty TNHH An Phát",
        "0100109106",
    )
    assert dossier.submitter_name == "Nguyễn Văn An"
    client.force_login(filing.other_citizen)
    assert dossier.code not in _page(client, "/ho-so-cua-toi/")  # acting as themself
    session = client.session
    session[SESSION_KEY] = organisation.pk
    session.save()
    assert dossier.code in _page(client, "/ho-so-cua-toi/")
    assert "Công ty TNHH An Phát" in _page(client, f"/ho-so-cua-toi/{dossier.code}/")
    OrganisationMember.objects.filter(user=filing.other_citizen).update(is_active=False)
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/").status_code == 404


def test_the_document_store(client, filing, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 3000
    client.force_login(filing.citizen)
    response = client.post(
        "/giay-to-cua-toi/", {"title": "Sổ hộ khẩu cũ", "file": pdf("so.pdf")}, follow=True
    )
    assert "Đã thêm giấy tờ vào kho." in response.content.decode()
    too_big = client.post("/giay-to-cua-toi/", {"file": pdf("lon.pdf", size=9000)})
    assert too_big.status_code == 400 and "vượt quá dung lượng tối đa" in too_big.content.decode()
    document = services.documents_of(filing.citizen).get()
    download = client.get(f"/giay-to-cua-toi/{document.pk}/")
    assert download.status_code == 200
    client.post(f"/giay-to-cua-toi/{document.pk}/bo/")
    assert not services.documents_of(filing.citizen).exists()


def test_the_citizen_pages_speak_english(client, filing):
    dossier = file_online(filing)
    client.force_login(filing.citizen)
    assert "My dossiers" in _page(client, "/en/ho-so-cua-toi/")
    detail = _page(client, f"/en/ho-so-cua-toi/{dossier.code}/")
    assert "Processing history" in detail and "Lịch sử" not in detail
    assert "My documents" in _page(client, "/en/giay-to-cua-toi/")
    client.logout()
    page = _page(client, f"/en/tra-cuu/?ma={dossier.code}")
    assert "Track a dossier" in page and "Appointment date for the result" in page


@pytest.mark.criterion("PL3-12")
def test_a_fix_asked_before_reception_is_answered_and_the_dossier_goes_back_to_the_desk(
    client, filing
):
    from motcua.dossiers import services as s

    dossier = file_online(filing)
    dossier = s.request_intake_fix(
        dossier,
        actor=filing.reception,
        expected_version=dossier.version,
        items=["Giấy chứng sinh bản rõ nét"],
        reason="Bản chụp bị mờ.",
    )
    client.force_login(filing.citizen)
    assert "Bản chụp bị mờ." in _page(client, f"/ho-so-cua-toi/{dossier.code}/")
    client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/",
        {"version": dossier.version, "item-0": [pdf("ro-net.pdf")]},
    )
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED
    assert dossier.history.order_by("-seq").first().action == "resubmit"
