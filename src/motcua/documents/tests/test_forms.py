"""Every official form built from real dossiers (made through the lifecycle services), read
back from the PDF exactly as printed (criteria PL2-2.3, PL2-2.7)."""

import datetime as dt
import io
import subprocess

import pytest
from django.core.exceptions import ValidationError
from docx import Document as Docx

from motcua.documents import services
from motcua.documents.qr import tracking_url
from motcua.documents.registry import FormKind, form_set_for
from motcua.documents.verification import load_trust_roots, verify_pdf
from motcua.dossiers import services as s
from motcua.dossiers.states import State
from motcua.dossiers.tests.world import HCM, Clock, counter_dossier, drive, v

from . import pdftools

A5, A4_LANDSCAPE = (148, 210), (297, 210)


@pytest.fixture
def world(db):
    from motcua.dossiers.tests.world import build_world

    w = build_world()
    # Letterheads as a province sets them (the desk's and the department's).
    services.save_letterhead(
        w.desk,
        actor=w.province_admin,
        data={
            "superior_name": "Ủy ban nhân dân tỉnh Quảng Ngãi",
            "issuer_name": "Trung tâm Phục vụ hành chính công",
            "place_name": "Quảng Ngãi",
            "document_symbol": "TTPVHCC",
            "signer_title": "Giám đốc",
            "contact_text": "Số 96 Nguyễn Nghiêm — Đường dây nóng: 0255 3 822 822",
        },
    )
    services.save_letterhead(
        w.department,
        actor=w.province_admin,
        data={
            "superior_name": "Ủy ban nhân dân tỉnh Quảng Ngãi",
            "issuer_name": "Sở Tư pháp",
            "place_name": "Quảng Ngãi",
            "document_symbol": "STP",
            "signer_authority": "KT. Giám đốc",
            "signer_title": "Phó Giám đốc",
            "signer_name": "Lê Thị Hồng Nhung",
            "seal_text": "(Chữ ký số, dấu)",
        },
    )
    return w


def pdf_text(dossier, kind, tmp_path, **extra):
    doc = services.build_form(dossier, kind, **extra)
    pdf = services.render_document(doc, "pdf").content
    return pdf, pdftools.text(pdf, tmp_path)


@pytest.mark.criterion("PL2-2.3")
def test_receipt_mau_01_prints_the_dossier_exactly_on_a5(world, tmp_path):
    clock = Clock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM))  # Monday
    d = counter_dossier(world, clock, collect_fees=s.PaymentData("cash", "BL-0001"))
    pdf, text = pdf_text(d, FormKind.RECEIPT, tmp_path)
    left_column = pdftools.text(pdf, tmp_path, crop=(0, 0, 185, 90))
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG" in left_column
    right_column = pdftools.text(pdf, tmp_path, crop=(185, 0, 235, 90))
    assert (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
        "Quảng Ngãi, ngày 02 tháng 3 năm 2026"
    ) in right_column
    for expected in (
        "Mẫu số 01",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {d.code}",
        "Ông/bà, tổ chức: Nguyễn Văn An",
        "Số điện thoại: 0905123456",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "2. Số lượng hồ sơ: 01 bộ",
        "3. Thời gian giải quyết hồ sơ theo quy định: 03 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 02 tháng 3 năm 2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 05 phút, ngày 05 tháng 3 năm 2026",
        "6. Nơi nhận kết quả: Tại Trung tâm Phục vụ hành chính công",
        "7. Phí, lệ phí: Lệ phí đăng ký: 8.000 đồng (Đã nộp)",
        "Vào Sổ theo dõi hồ sơ, Quyển số: 2026, Số thứ tự: 01",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        world.reception.full_name,
        tracking_url(d.code),
        "Đường dây nóng: 0255 3 822 822",
    ):
        assert expected in text, expected
    assert pdftools.page_sizes_mm(pdf, tmp_path) == [A5]
    assert all(f["embedded"] for f in pdftools.fonts(pdf, tmp_path))


@pytest.mark.criterion("PL2-2.3")
def test_receipt_qr_code_decodes_to_the_public_tracking_page(world, tmp_path, settings):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.quangngai.gov.vn"
    d = counter_dossier(world, Clock())
    pdf = services.render_document(services.build_form(d, FormKind.RECEIPT), "pdf").content
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "100",
            "-png",
            "-singlefile",
            str(tmp_path / "r.pdf"),
            str(tmp_path / "r"),
        ],
        check=True,
    )
    [code] = zxingcpp.read_barcodes(Image.open(tmp_path / "r.png"))
    assert code.text == f"https://dichvucong.quangngai.gov.vn/tra-cuu/?ma={d.code}"


def test_tracking_book_numbers_run_through_the_year_per_desk(world, tmp_path):
    clock = Clock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM))
    first = counter_dossier(world, clock)
    second = counter_dossier(world, clock)
    commune = counter_dossier(
        world, clock, actor=world.commune_reception, receiving_agency=world.commune_desk
    )
    _pdf, text = pdf_text(second, FormKind.RECEIPT, tmp_path)
    assert "Quyển số: 2026, Số thứ tự: 02" in text
    _pdf, text = pdf_text(commune, FormKind.RECEIPT, tmp_path)
    assert "Quyển số: 2026, Số thứ tự: 01" in text

    book = services.build_tracking_book(world.desk, 2026)
    pdf = services.render_document(book, "pdf").content
    text = pdftools.text(pdf, tmp_path)
    assert pdftools.page_sizes_mm(pdf, tmp_path) == [A4_LANDSCAPE]
    assert "Mẫu số 07" in text and "SỔ THEO DÕI HỒ SƠ" in text
    assert f"01 {first.code}" in text and f"02 {second.code}" in text
    assert commune.code not in text
    assert "Sở Tư pháp" in text


@pytest.mark.criterion("PL2-2.3")
def test_supplement_request_mau_02_lists_every_item(world, tmp_path):
    d = drive(world, Clock(), State.SUPPLEMENT_REQUESTED)
    pdf, text = pdf_text(d, FormKind.SUPPLEMENT_REQUEST, tmp_path)
    assert pdftools.page_sizes_mm(pdf, tmp_path) == [A5]
    for expected in (
        "Mẫu số 02",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "SỞ TƯ PHÁP",  # requested after reception: the competent authority asks
        f"Mã hồ sơ: {d.code}",
        "Hồ sơ của: Nguyễn Văn An",
        "- 1. Bản sao giấy đăng ký kết hôn",
        "Lý do: Thiếu giấy tờ",
        "NGƯỜI HƯỚNG DẪN",
        world.specialist.full_name,
    ):
        assert expected in text, expected


@pytest.mark.criterion("PL2-2.3")
def test_refusal_mau_03_gives_the_reason(world, tmp_path):
    d = drive(world, Clock(), State.NOT_RECEIVED)
    pdf, text = pdf_text(d, FormKind.REFUSAL, tmp_path)
    assert pdftools.page_sizes_mm(pdf, tmp_path) == [A5]
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "từ chối tiếp nhận, giải quyết hồ sơ này với lý do sau: Sai thẩm quyền" in text
    with pytest.raises(ValidationError, match="không bị từ chối"):
        services.build_form(counter_dossier(world, Clock()), FormKind.REFUSAL)


@pytest.mark.criterion("PL2-2.7")
def test_apology_mau_04_has_the_old_and_new_appointment(world, tmp_path):
    clock = Clock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM))
    d = counter_dossier(world, clock)
    d = s.extend(
        d,
        actor=world.agency_leader,
        **v(d),
        new_due_at=dt.datetime(2026, 3, 10, 16, 30, tzinfo=HCM),
        reason="Cần xác minh thông tin tại Ủy ban nhân dân xã",
        apology_text="Sở Tư pháp chân thành xin lỗi ông/bà vì sự chậm trễ này.",
        now=clock.tick(),
    )
    pdf, text = pdf_text(d, FormKind.APOLOGY, tmp_path)
    assert pdftools.page_sizes_mm(pdf, tmp_path) == [A5]
    for expected in (
        "Mẫu số 04",
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
        "SỞ TƯ PHÁP",
        "Số: …/STP",
        "Kính gửi: Nguyễn Văn An",
        "Thời gian hẹn trả kết quả giải quyết hồ sơ: 09 giờ 05 phút, ngày 05 tháng 3 năm 2026",
        "Lý do: Cần xác minh thông tin tại Ủy ban nhân dân xã",
        "Sở Tư pháp chân thành xin lỗi ông/bà vì sự chậm trễ này.",
        "thời gian trả kết quả mới là: 16 giờ 30 phút, ngày 10 tháng 3 năm 2026",
        "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC (Chữ ký số, dấu)",
        "Lê Thị Hồng Nhung",
        "Nơi nhận:",
    ):
        assert expected in text, expected


def test_stop_notice_mau_05_is_new_in_tt03(world, tmp_path):
    d = drive(world, Clock(), State.STOPPED)
    pdf, text = pdf_text(d, FormKind.STOP_NOTICE, tmp_path)
    for expected in (
        "Mẫu số 05",
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        "Kính gửi: Nguyễn Văn An",
        f"mã số hồ sơ {d.code}",
        "Lý do: Theo quyết định của cơ quan có thẩm quyền. Quyết định dừng",
        "Giai đoạn giải quyết khi dừng: Đang xử lý",
        "Ông/bà, tổ chức chưa nộp phí, lệ phí.",
    ):
        assert expected in text, expected
    assert pdftools.page_sizes_mm(pdf, tmp_path) == [A5]


def test_control_sheet_mau_06_records_each_hand_over(world, tmp_path):
    d = drive(world, Clock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM)), State.RETURNED)
    pdf, text = pdf_text(d, FormKind.CONTROL_SHEET, tmp_path)
    assert set(pdftools.page_sizes_mm(pdf, tmp_path)) == {A5}  # one row per hand-over: may run on
    for expected in (
        "Mẫu số 06",
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        "Kèm theo hồ sơ của: Nguyễn Văn An",
        "TÊN CƠ QUAN",
        "THỜI GIAN GIAO, NHẬN HỒ SƠ",
        f"1. Giao: {world.desk.name} Nhận: {world.division.name}",
        "Người nhận: " + world.specialist.full_name,
        "Trước hạn",
        "Trả kết quả cho cá nhân, tổ chức",
    ):
        assert expected in text, expected
    assert "Quá hạn" not in text


def test_forms_of_tt01_before_15_september_2025_and_tt03_after(world, tmp_path):
    """A dossier received in 2024 prints TT 01/2018 forms; papers issued once TT 03/2025
    applies use the new numbering; TT 01/2018 has no stop notice."""
    clock = Clock(dt.datetime(2024, 6, 3, 9, 0, tzinfo=HCM))
    d = counter_dossier(world, clock)
    assert d.rule_version.form_set == "tt01-2018"
    in_2024 = dt.datetime(2024, 6, 3, 10, 0, tzinfo=HCM)
    _pdf, text = pdftools_text(services.build_form(d, FormKind.CONTROL_SHEET, on=in_2024), tmp_path)
    assert "Mẫu số 05 " in text and "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    doc = services.build_form(d, FormKind.CONTROL_SHEET, on=dt.datetime(2025, 10, 1, tzinfo=HCM))
    assert (doc.form_set, doc.form_number) == ("tt03-2025", "06")
    assert form_set_for(d, dt.datetime(2025, 9, 14, 12, tzinfo=HCM)) == "tt01-2018"
    assert form_set_for(d, dt.datetime(2025, 9, 15, 8, tzinfo=HCM)) == "tt03-2025"
    d = s.stop(d, actor=world.agency_leader, **v(d), reason="Dừng", now=clock.tick())
    with pytest.raises(ValidationError, match="01/2018/TT-VPCP không có mẫu"):
        services.build_form(d, FormKind.STOP_NOTICE, on=in_2024)
    assert FormKind.STOP_NOTICE not in services.available_forms(d, on=in_2024)
    assert FormKind.STOP_NOTICE in services.available_forms(d)


def pdftools_text(document, tmp_path):
    pdf = services.render_document(document, "pdf").content
    return pdf, pdftools.text(pdf, tmp_path)


@pytest.mark.criterion("PL2-2.3")
def test_docx_of_a_form_has_the_same_content(world):
    d = counter_dossier(world, Clock())
    rendered = services.render_document(services.build_form(d, FormKind.RECEIPT), "docx")
    assert rendered.filename.endswith(".docx")
    out = Docx(io.BytesIO(rendered.content))
    texts = [p.text for p in out.paragraphs]
    texts += [p.text for t in out.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    joined = "\n".join(texts)
    for expected in (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {d.code}",
        "Tờ khai đăng ký khai sinh",
        "3. Thời gian giải quyết hồ sơ theo quy định: 03 ngày làm việc",
    ):
        assert expected in joined, expected
    assert round(out.sections[0].page_width.mm) == 148


@pytest.mark.criterion("PL2-2.3", "PL2-2.11")
def test_a_form_signed_with_the_agency_key_validates(world, signing_settings, pki, tmp_path):
    d = counter_dossier(world, Clock())
    signed = services.sign_document(
        services.build_form(d, FormKind.RECEIPT), actor=world.reception, position="Chuyên viên"
    )
    report = verify_pdf(signed.content, trust_roots=load_trust_roots([str(pki.root_pem)]))
    assert report.ok
    text = pdftools.text(signed.content, tmp_path)
    assert "Ký bởi: Nguyễn Thị Ánh Tuyết Chuyên viên" in text
