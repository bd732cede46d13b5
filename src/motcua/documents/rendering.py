"""Write a ``content.Document`` to PDF (HTML → WeasyPrint) or DOCX (python-docx)."""

from __future__ import annotations

import io
from functools import cache, singledispatch
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from motcua.core.text import nfc

from .content import (
    A4,
    A5,
    LANDSCAPE,
    Document,
    Field,
    Items,
    Paragraph,
    QRCode,
    Signatures,
    Table,
)

PDF = "pdf"
DOCX = "docx"
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_CSS_PATH = Path(__file__).parent / "assets" / "document.css"
_PAPER_MM = {A5: (148, 210), A4: (210, 297)}
_FONT = "Times New Roman"


def page_size_mm(document: Document) -> tuple[int, int]:
    width, height = _PAPER_MM[document.page_size]
    return (height, width) if document.orientation == LANDSCAPE else (width, height)


def render(document: Document, fmt: str) -> bytes:
    if fmt == PDF:
        return render_pdf(document)
    if fmt == DOCX:
        return render_docx(document)
    raise ValueError(f"unknown format {fmt!r}")


# --- PDF ------------------------------------------------------------------------------------


@cache
def _weasy():
    # Imported and set up once per process: loading fonts dominates the cost of a small paper.
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    # Column widths are percentages chosen by the builders: one class per value.
    widths = "\n".join(f".w{n} {{ width: {n}%; }}" for n in range(1, 101))
    css = _CSS_PATH.read_text(encoding="utf-8") + widths
    return CSS(string=css, font_config=fonts), fonts


def render_html(document: Document) -> str:
    # Official papers are Vietnamese whatever language the user browses in. NFC: decomposed
    # input (pasted from macOS, some scanners) would otherwise land in the PDF's text layer
    # as base letters plus combining marks, and search and copy-paste would break.
    with translation.override("vi"):
        html = render_to_string("documents/pdf/document.html", {"document": document})
    return nfc(html)


SIGNATURE_ANCHOR = "chu-ky-so"
_PT_PER_PX = 0.75  # CSS px are 1/96 in, PDF points 1/72 in
_PT_PER_MM = 72 / 25.4


def _layout(document: Document):
    from weasyprint import CSS, HTML

    base_css, fonts = _weasy()
    width, height = page_size_mm(document)
    page_css = CSS(string=f"@page {{ size: {width}mm {height}mm; }}", font_config=fonts)
    html = HTML(string=render_html(document))
    return html.render(stylesheets=[base_css, page_css], font_config=fonts)


def render_pdf(document: Document) -> bytes:
    return _layout(document).write_pdf()


def render_pdf_with_signature_box(document: Document):
    """The PDF and where its digital signer's stamp belongs (``signing.StampBox``): the blank
    space above the signer's name, located in WeasyPrint's layout; bottom right of the last
    page when the form has no digital signer."""
    from .signing import StampBox, default_box

    layout = _layout(document)
    width_mm, height_mm = page_size_mm(document)
    page_w, page_h = width_mm * _PT_PER_MM, height_mm * _PT_PER_MM
    box = default_box(page_w)
    for index, page in enumerate(layout.pages):
        if SIGNATURE_ANCHOR in page.anchors:
            # WeasyPrint gives the element's box in CSS px from the top left.
            x1, y1, x2, y2 = (v * _PT_PER_PX for v in page.anchors[SIGNATURE_ANCHOR])
            box = StampBox(index, x1, page_h - y2, x2, page_h - y1)
    return layout.write_pdf(), box


# --- DOCX -----------------------------------------------------------------------------------


def render_docx(document: Document) -> bytes:
    from docx import Document as Docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    out = Docx()
    normal = out.styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(11 if document.page_size == A5 else 10)
    normal.paragraph_format.space_after = Pt(2)

    section = out.sections[0]
    width, height = page_size_mm(document)
    section.orientation = WD_ORIENT.LANDSCAPE if document.orientation == LANDSCAPE else 0
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin = section.bottom_margin = Mm(12)
    section.left_margin, section.right_margin = Mm(18), Mm(10)

    with translation.override("vi"):
        if document.form_label:
            _paragraph(out, document.form_label, align="right", italic=True, size=9)
        _letterhead(out, document)
        _paragraph(out, document.title, align="center", bold=True, size=12.5)
        if document.subtitle:
            _paragraph(out, document.subtitle, align="center", bold=True)
        for block in document.blocks:
            _write(block, out)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _paragraph(out, text="", *, align="left", bold=False, italic=False, size=None, into=None):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    para = into.add_paragraph() if into is not None else out.add_paragraph()
    para.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    para.paragraph_format.space_after = Pt(2)
    if text:
        run = para.add_run(nfc(text))
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    return para


def _cell_lines(cell, lines, **style):
    """Fill a table cell with lines; the first reuses the cell's empty paragraph."""
    first = True
    for line in lines:
        if first:
            para = cell.paragraphs[0]
            _paragraph_into(para, line, **style)
            first = False
        else:
            _paragraph(None, line, into=cell, **style)


def _paragraph_into(para, text, *, align="left", bold=False, italic=False, size=None):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    para.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    run = para.add_run(nfc(text))
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)


def _letterhead(out, document: Document) -> None:
    header = document.header
    left, right = out.add_table(rows=1, cols=2).rows[0].cells
    lines = [(line, False) for line in header.superior.splitlines()]
    lines += [(line, True) for line in header.issuer.splitlines()]
    for index, (line, bold) in enumerate(lines):
        target = left.paragraphs[0] if index == 0 else left.add_paragraph()
        _paragraph_into(target, line, align="center", bold=bold, size=10)
    if header.number:
        _paragraph(None, header.number, into=left, align="center", size=10)
    _cell_lines(right, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], align="center", bold=True, size=10)
    _paragraph(None, "Độc lập - Tự do - Hạnh phúc", into=right, align="center", bold=True)
    _paragraph(None, header.place_date, into=right, align="center", italic=True, size=10)


@singledispatch
def _write(block, out) -> None:
    raise TypeError(f"no DOCX writer for {type(block).__name__}")


@_write.register
def _(block: Paragraph, out) -> None:
    align = {"center": "center"}.get(block.style, "justify")
    para = _paragraph(
        out,
        block.text,
        align=align,
        bold=block.style == "bold",
        italic=block.style in ("italic", "note"),
        size=9 if block.style == "note" else None,
    )
    if block.style == "indent":
        from docx.shared import Mm

        para.paragraph_format.first_line_indent = Mm(8)


@_write.register
def _(block: Field, out) -> None:
    para = _paragraph(out, f"{block.label}: ")
    para.add_run(nfc(block.value)).bold = True


@_write.register
def _(block: Items, out) -> None:
    _paragraph(out, block.lead)
    for item in block.items:
        _paragraph(out, f"- {item}")


@_write.register
def _(block: Table, out) -> None:
    from docx.shared import Pt

    table = out.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, block.columns, strict=True):
        _cell_lines(cell, [column.label], align="center", bold=True, size=9.5)
    rows = block.aligned_rows or [[(block.empty_text, "center")] * len(block.columns)]
    for row in rows:
        cells = table.add_row().cells
        for cell, (text, align) in zip(cells, row, strict=True):
            _cell_lines(cell, text.splitlines() or [""], align=align, size=9.5)
    out.add_paragraph().paragraph_format.space_after = Pt(0)


@_write.register
def _(block: Signatures, out) -> None:
    columns = len(block.signatures) + (1 if block.recipients else 0)
    cells = out.add_table(rows=1, cols=columns).rows[0].cells
    if block.recipients:
        _cell_lines(cells[0], ["Nơi nhận:"], bold=True, italic=True, size=9)
        for line in block.recipients:
            _paragraph(None, line, into=cells[0], size=9)
        cells = cells[1:]
    for cell, sig in zip(cells, block.signatures, strict=True):
        lines = [line for line in (sig.authority, sig.title) if line]
        _cell_lines(cell, lines, align="center", bold=True)
        if sig.note:
            _paragraph(None, sig.note, into=cell, align="center", italic=True, size=9.5)
        for _blank in range(3):
            _paragraph(None, "", into=cell)
        _paragraph(None, sig.name, into=cell, align="center", bold=True)


@_write.register
def _(block: QRCode, out) -> None:
    from docx.shared import Mm

    from .qr import png

    out.add_picture(io.BytesIO(png(block.url)), width=Mm(22))
    _paragraph(out, block.caption, size=9)
    _paragraph(out, block.url, size=9)
