"""The rendering pipeline on a hand-made document: what is printed reads back exactly."""

import io
import subprocess
import unicodedata

import pytest
from docx import Document as Docx

from motcua.documents import rendering
from motcua.documents.content import (
    A4,
    A5,
    LANDSCAPE,
    Column,
    Document,
    Field,
    Header,
    Items,
    Paragraph,
    QRCode,
    Signature,
    Signatures,
    Table,
)

from . import pdftools

# Stacked diacritics (a tone mark over a circumflex or breve) are what broken fonts and
# decomposed text get wrong.
STACKED = "Nguyễn Thị Ánh Tuyết, Quảng Ngãi: Ễ Ộ Ỹ ỷ ặ ẫ ờ ữ Đ đ"
URL = "http://127.0.0.1:8000/tra-cuu/?ma=000.00.01.H48-251005-0001"


def sample(page_size=A5, orientation="portrait") -> Document:
    return Document(
        form_set="tt03-2025",
        form_number="01",
        title="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        subtitle="Mã hồ sơ: 000.00.01.H48-251005-0001",
        header=Header(
            superior="UBND TỈNH QUẢNG NGÃI",
            issuer="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
            place_date="Quảng Ngãi, ngày 05 tháng 10 năm 2025",
        ),
        page_size=page_size,
        orientation=orientation,
        blocks=[
            Field("Ông/bà, tổ chức", STACKED),
            Paragraph("Đoạn văn có căn lề, thụt đầu dòng.", "indent"),
            Items("Cần bổ sung:", ("1. Bản sao Giấy khai sinh", "2. Sơ đồ thửa đất")),
            Table(
                columns=(Column("TT", 10, "center"), Column("Tên giấy tờ", 90)),
                rows=(("1", "Tờ khai đăng ký khai sinh"),),
            ),
            Signatures(
                recipients=("- Như trên;", "- Lưu: VT."),
                signatures=(
                    Signature("PHÓ GIÁM ĐỐC", "KT. GIÁM ĐỐC", "(Ký, đóng dấu)", "Lê Văn Hải"),
                ),
            ),
            QRCode(URL, "Quét mã để tra cứu tình trạng giải quyết hồ sơ:"),
        ],
    )


def test_pdf_reads_back_exact_vietnamese_text_in_nfc(tmp_path):
    pdf = rendering.render_pdf(sample())
    text = pdftools.text(pdf, tmp_path)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Ngãi, ngày 05 tháng 10 năm 2025",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Ông/bà, tổ chức: {STACKED}",
        "- 1. Bản sao Giấy khai sinh",
        "Tờ khai đăng ký khai sinh",
        "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
        "Lê Văn Hải",
        URL,
    ):
        assert unicodedata.is_normalized("NFC", expected)
        assert expected in text, expected


def test_decomposed_input_is_printed_as_the_same_text(tmp_path):
    """Text pasted in NFD (macOS, some scanners) must print and read back like NFC text."""
    doc = sample()
    doc.blocks = [Paragraph(unicodedata.normalize("NFD", STACKED))]
    assert STACKED in pdftools.text(rendering.render_pdf(doc), tmp_path)


@pytest.mark.parametrize(
    ("size", "orientation", "expected_mm"),
    [(A5, "portrait", (148, 210)), (A4, "portrait", (210, 297)), (A4, LANDSCAPE, (297, 210))],
)
def test_page_size_is_the_official_paper(tmp_path, size, orientation, expected_mm):
    pdf = rendering.render_pdf(sample(size, orientation))
    assert set(pdftools.page_sizes_mm(pdf, tmp_path)) == {expected_mm}


def test_fonts_are_embedded(tmp_path):
    fonts = pdftools.fonts(rendering.render_pdf(sample()), tmp_path)
    assert fonts, "no fonts listed"
    assert all(f["embedded"] for f in fonts), fonts
    assert any("Serif" in f["name"] for f in fonts), fonts


def test_qr_code_in_the_pdf_decodes_to_the_tracking_url(tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    (tmp_path / "qr.pdf").write_bytes(rendering.render_pdf(sample()))
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "100",
            "-png",
            "-singlefile",
            str(tmp_path / "qr.pdf"),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    decoded = [b.text for b in zxingcpp.read_barcodes(Image.open(tmp_path / "p.png"))]
    assert decoded == [URL]


def test_signature_box_is_the_signers_blank_space():
    doc = sample()
    doc.blocks[4] = Signatures(
        signatures=(Signature("NGƯỜI NỘP HỒ SƠ"), Signature("NGƯỜI TIẾP NHẬN", digital=True))
    )
    _pdf, box = rendering.render_pdf_with_signature_box(doc)
    width_pt = 148 * 72 / 25.4
    assert box.page == 0
    assert box.x1 > width_pt / 2 - 20, "the receiver signs in the right-hand column"
    assert 35 < box.y2 - box.y1 < 60  # the 14 mm blank space


def test_docx_has_the_same_text_and_paper(tmp_path):
    doc = sample(A4, LANDSCAPE)
    out = Docx(io.BytesIO(rendering.render_docx(doc)))
    paragraphs = [p.text for p in out.paragraphs]
    cells = [p.text for t in out.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    everything = "\n".join(paragraphs + cells)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Ông/bà, tổ chức: {STACKED}",
        "Tờ khai đăng ký khai sinh",
        "KT. GIÁM ĐỐC",
        URL,
    ):
        assert expected in everything, expected
    section = out.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert len(out.inline_shapes) == 1  # the QR code
