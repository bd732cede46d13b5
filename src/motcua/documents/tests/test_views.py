"""Download endpoints, the public verification page and the letterhead editor."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.core.models import AuditEntry
from motcua.documents import rendering, services
from motcua.documents.models import Letterhead
from motcua.documents.signing import sign_pdf
from motcua.dossiers.tests.world import HCM, Clock, counter_dossier

from . import pdftools
from .test_rendering import sample


@pytest.fixture
def world(db):
    from motcua.dossiers.tests.world import build_world

    return build_world()


def form_url(d, kind, fmt="pdf"):
    return reverse("documents:form_download", kwargs={"code": d.code, "kind": kind, "fmt": fmt})


@pytest.mark.criterion("PL2-2.3")
def test_officials_in_scope_download_forms_others_get_404(client, world, tmp_path):
    d = counter_dossier(world, Clock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM)))
    url = form_url(d, "giay-tiep-nhan")
    assert client.get(url).status_code == 302  # login first
    client.force_login(world.stranger)
    assert client.get(url).status_code == 404
    client.force_login(world.reception)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"Mã hồ sơ: {d.code}" in pdftools.text(response.content, tmp_path)
    docx = client.get(form_url(d, "giay-tiep-nhan", "docx"))
    assert docx.status_code == 200
    assert "attachment;" in docx["Content-Disposition"]
    assert docx["Content-Disposition"].endswith('.docx"')
    assert client.get(form_url(d, "khong-co")).status_code == 404
    assert client.get(form_url(d, "so-theo-doi")).status_code == 404
    refused = client.get(form_url(d, "tu-choi"))
    assert refused.status_code == 400
    assert "Hồ sơ không bị từ chối." in refused.content.decode()


@pytest.mark.criterion("PL2-2.11")
def test_signed_download_for_officials_of_the_issuing_agency(client, world, signing_settings):
    d = counter_dossier(world, Clock())
    client.force_login(world.specialist)  # sees the dossier (task unit), not of the desk
    assert client.get(form_url(d, "giay-tiep-nhan") + "?ky=1").status_code == 403
    client.force_login(world.reception)
    response = client.get(form_url(d, "giay-tiep-nhan") + "?ky=1")
    assert response.status_code == 200
    from motcua.documents.verification import verify_pdf

    assert verify_pdf(response.content).ok
    assert client.get(form_url(d, "giay-tiep-nhan", "docx") + "?ky=1").status_code == 400


def test_tracking_book_download(client, world, tmp_path):
    d = counter_dossier(world, Clock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM)))
    url = reverse(
        "documents:tracking_book",
        kwargs={"agency_code": world.desk.code, "year": 2026, "fmt": "pdf"},
    )
    client.force_login(world.specialist)
    assert client.get(url).status_code == 404
    client.force_login(world.reception)
    response = client.get(url)
    assert response.status_code == 200
    assert d.code in pdftools.text(response.content, tmp_path)


def test_verify_page_reports_a_valid_signature(client, db, pkcs12_config, signing_settings):
    page = client.get(reverse("documents:verify"))
    assert page.status_code == 200
    assert "Xác thực văn bản điện tử có chữ ký số" in page.content.decode()
    signed = sign_pdf(rendering.render_pdf(sample()), config=pkcs12_config)
    response = client.post(
        reverse("documents:verify"),
        {"file": SimpleUploadedFile("ket-qua.pdf", signed, "application/pdf")},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tất cả 1 chữ ký số trong tệp đều hợp lệ." in html
    assert "Nguyễn Thị Ánh Tuyết" in html and "Sở Tư pháp tỉnh Quảng Ngãi" in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.pdf", b"not a pdf at all", "Tệp không phải là tài liệu PDF."),
        ("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "Tệp không phải là tài liệu PDF."),
        ("hong.pdf", b"%PDF-1.7\n1 0 obj <<", "Không đọc được tệp PDF"),
    ],
)
def test_verify_page_rejects_garbage_without_a_server_error(client, db, name, content, message):
    response = client.post(
        reverse("documents:verify"), {"file": SimpleUploadedFile(name, content, "application/pdf")}
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_verify_page_limits_size_and_rate(client, db, settings):
    settings.MOTCUA_VERIFY_MAX_BYTES = 1024
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.7\n" + b"0" * 2048, "application/pdf")
    response = client.post(reverse("documents:verify"), {"file": big})
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()
    assert client.post(reverse("documents:verify"), {}).status_code == 400
    settings.MOTCUA_RATE_VERIFY = "2/h"
    from django.core.cache import cache

    cache.clear()
    codes = [
        client.post(
            reverse("documents:verify"),
            {"file": SimpleUploadedFile("x.pdf", b"x", "application/pdf")},
        ).status_code
        for _ in range(3)
    ]
    assert codes == [400, 400, 429]


def test_letterhead_editor_previews_and_saves(client, world, tmp_path):
    url = reverse("documents:letterhead_edit", kwargs={"agency_code": world.desk.code})
    client.force_login(world.specialist)
    assert client.get(url).status_code == 403
    client.force_login(world.province_admin)
    listing = client.get(reverse("documents:letterhead_list"))
    assert world.desk.name in listing.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'hx-post="' in html and "<iframe" in html
    values = {
        "superior_name": "Ủy ban nhân dân tỉnh Quảng Ngãi",
        "issuer_name": "Trung tâm Phục vụ hành chính công",
        "place_name": "Quảng Ngãi",
        "document_symbol": "TTPVHCC",
        "signer_authority": "KT. Giám đốc",
        "signer_title": "Phó Giám đốc",
        "signer_name": "Trần Thị Thu Hằng",
        "seal_text": "(Chữ ký số, dấu)",
        "contact_text": "Đường dây nóng: 0255 3 822 822",
    }
    preview = client.post(url, {**values, "action": "preview"}, HTTP_HX_REQUEST="true")
    assert preview.status_code == 200
    assert not Letterhead.objects.exists()  # previewing saves nothing
    iframe_src = preview.content.decode().split('src="')[1].split('"')[0].replace("&amp;", "&")
    pdf = client.get(iframe_src)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdftools.text(pdf.content, tmp_path)
    header = pdftools.text(pdf.content, tmp_path, crop=(0, 0, 185, 90))
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG" in header
    assert "Số: 01/TB-TTPVHCC" in header
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC (Chữ ký số, dấu) Trần Thị Thu Hằng" in text
    saved = client.post(url, {**values, "action": "save"})
    assert saved.status_code == 302
    letterhead = Letterhead.objects.get(agency=world.desk)
    assert (letterhead.signer_name, letterhead.updated_by) == (
        "Trần Thị Thu Hằng",
        world.province_admin,
    )
    assert AuditEntry.objects.filter(action="documents.letterhead_saved").count() == 1
    bad = client.post(url, {**values, "issuer_name": " ", "action": "save"})
    assert bad.status_code == 200 and "Trường này là bắt buộc." in bad.content.decode()
    assert Letterhead.objects.get(agency=world.desk).issuer_name == values["issuer_name"]


def test_letterhead_service_refuses_outsiders(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.save_letterhead(world.desk, actor=world.reception, data={})


def test_verify_page_in_english(client, db):
    page = client.get("/en/xac-thuc-chu-ky/")
    assert page.status_code == 200
    assert "Verify a digitally signed document" in page.content.decode()
