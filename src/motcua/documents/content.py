"""The content of an official paper, independent of its file format.

A form builder (``builders.py``) turns a dossier into a ``Document``: a header (the agency's
letterhead and the national motto), a title and a list of blocks. ``rendering.py`` writes the
same ``Document`` to PDF (HTML → WeasyPrint) and to DOCX (python-docx), so the two formats of a
form never drift apart and each form's wording lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

A5 = "A5"
A4 = "A4"
PORTRAIT = "portrait"
LANDSCAPE = "landscape"


@dataclass(frozen=True)
class Header:
    """Upper part of every paper (NĐ 30/2020 layout): the issuing body on the left, the national
    motto on the right, then the document number and the place and date."""

    superior: str  # cơ quan chủ quản, e.g. "UBND TỈNH QUẢNG NGÃI"; may be empty
    issuer: str  # cơ quan, đơn vị ban hành (printed in bold)
    place_date: str  # "Quảng Ngãi, ngày 05 tháng 10 năm 2025"
    number: str = ""  # "Số: 15/TB-TTPVHCC"; empty when the form has none


@dataclass(frozen=True)
class Block:
    template_name: ClassVar[str]


@dataclass(frozen=True)
class Paragraph(Block):
    template_name: ClassVar[str] = "documents/blocks/paragraph.html"
    text: str
    style: str = ""  # "", "center", "bold", "italic", "note", "indent"


@dataclass(frozen=True)
class Field(Block):
    """ "Label: value" on one line, the value in bold."""

    template_name: ClassVar[str] = "documents/blocks/field.html"
    label: str
    value: str


@dataclass(frozen=True)
class Items(Block):
    """A short list under a lead-in line, each item on its own line starting with a dash."""

    template_name: ClassVar[str] = "documents/blocks/items.html"
    lead: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    label: str
    width: int  # percent of the text width
    align: str = "left"  # "left", "center", "right"


@dataclass(frozen=True)
class Table(Block):
    template_name: ClassVar[str] = "documents/blocks/table.html"
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    empty_text: str = ""

    @property
    def aligned_rows(self) -> list[list[tuple[str, str]]]:
        """Each cell with its column's alignment (templates cannot zip)."""
        aligns = [c.align for c in self.columns]
        return [list(zip(row, aligns, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Signature:
    title: str  # "NGƯỜI TIẾP NHẬN HỒ SƠ", or the signer's post ("PHÓ GIÁM ĐỐC")
    authority: str = ""  # "KT. GIÁM ĐỐC" above the title when signing on someone's behalf
    note: str = ""  # "(Ký và ghi rõ họ tên)" / "(Ký, đóng dấu)"
    name: str = ""
    digital: bool = False  # the visible digital-signature stamp goes into this signer's space


@dataclass(frozen=True)
class Signatures(Block):
    """Signature columns at the foot; ``recipients`` ("Nơi nhận") takes the left column."""

    template_name: ClassVar[str] = "documents/blocks/signatures.html"
    signatures: tuple[Signature, ...]
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class QRCode(Block):
    template_name: ClassVar[str] = "documents/blocks/qr.html"
    url: str
    caption: str

    @property
    def svg_data_uri(self) -> str:
        from .qr import svg_data_uri

        return svg_data_uri(self.url)


@dataclass
class Document:
    form_set: str
    form_number: str  # "01"…"07"; "" for papers that are not numbered forms
    title: str
    header: Header
    blocks: list[Block] = field(default_factory=list)
    subtitle: str = ""
    page_size: str = A5
    orientation: str = PORTRAIT
    filename: str = "van-ban"  # without extension

    @property
    def form_label(self) -> str:
        return f"Mẫu số {self.form_number}" if self.form_number else ""

    def plain_text(self) -> str:
        """Every visible string, for search and for tests of the DOCX writer."""
        parts = [self.header.superior, self.header.issuer, self.header.number]
        parts += [self.header.place_date, self.title, self.subtitle]
        for block in self.blocks:
            parts += list(block_strings(block))
        return "\n".join(p for p in parts if p)


def block_strings(block: Block):
    if isinstance(block, Paragraph):
        yield block.text
    elif isinstance(block, Field):
        yield f"{block.label}: {block.value}"
    elif isinstance(block, Items):
        yield block.lead
        yield from block.items
    elif isinstance(block, Table):
        yield from (c.label for c in block.columns)
        for row in block.rows:
            yield from row
    elif isinstance(block, Signatures):
        yield from block.recipients
        for sig in block.signatures:
            yield from (sig.authority, sig.title, sig.note, sig.name)
    elif isinstance(block, QRCode):
        yield block.caption
