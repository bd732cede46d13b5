"""Digital signatures on PDFs (PAdES) with pyHanko.

The key is either a PKCS#12 file or a PKCS#11 token (a USB token or an HSM; SoftHSM2 in the
tests), chosen by settings. With a time-stamping authority configured the signature is PAdES
B-T (an RFC 3161 timestamp proves when it was made); without one it is B-B. A visible stamp
shows the signer's Vietnamese name: pyHanko's built-in stamp font has no Vietnamese glyphs, so
an OpenType font is embedded, and it must have 1000 units per em (pyHanko writes glyph widths in
font units; Noto Sans fits, DejaVu and Liberation come out doubly spaced).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .aio import outside_event_loop

# Signers need both (Vietnamese CA profiles set digitalSignature and nonRepudiation); any one
# of them is enough to sign and to validate.
KEY_USAGES = {"non_repudiation", "digital_signature"}


@dataclass(frozen=True)
class StampBox:
    """Where the visible stamp goes: page index (-1 = last) and a rectangle in PDF points
    (origin bottom left)."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def box(self) -> tuple[int, int, int, int]:
        return (round(self.x1), round(self.y1), round(self.x2), round(self.y2))


@dataclass(frozen=True)
class SignerConfig:
    """One signing key, its certificate chain, and the timestamp authority."""

    pkcs12_file: str = ""
    pkcs12_password: str = ""
    pkcs11_module: str = ""
    pkcs11_token_label: str = ""
    pkcs11_pin: str = ""
    pkcs11_key_label: str = ""
    pkcs11_cert_label: str = ""
    ca_chain: tuple[str, ...] = ()
    tsa_url: str = ""
    tsa_username: str = ""
    tsa_password: str = ""
    tsa_timeout: int = 10
    stamp_font: str = ""

    @classmethod
    def from_settings(cls) -> SignerConfig:
        conf = settings.MOTCUA_SIGNING
        return cls(
            pkcs12_file=conf.get("PKCS12_FILE", ""),
            pkcs12_password=conf.get("PKCS12_PASSWORD", ""),
            pkcs11_module=conf.get("PKCS11_MODULE", ""),
            pkcs11_token_label=conf.get("PKCS11_TOKEN_LABEL", ""),
            pkcs11_pin=conf.get("PKCS11_PIN", ""),
            pkcs11_key_label=conf.get("PKCS11_KEY_LABEL", ""),
            pkcs11_cert_label=conf.get("PKCS11_CERT_LABEL", ""),
            ca_chain=tuple(conf.get("CA_CHAIN", ())),
            tsa_url=conf.get("TSA_URL", ""),
            tsa_username=conf.get("TSA_USERNAME", ""),
            tsa_password=conf.get("TSA_PASSWORD", ""),
            tsa_timeout=int(conf.get("TSA_TIMEOUT", 10)),
            stamp_font=conf.get("STAMP_FONT", ""),
        )

    @property
    def configured(self) -> bool:
        return bool(self.pkcs12_file or self.pkcs11_module)

    @property
    def backend(self) -> str:
        return "pkcs11" if self.pkcs11_module else "pkcs12" if self.pkcs12_file else ""


def signing_available(config: SignerConfig | None = None) -> bool:
    return (config or SignerConfig.from_settings()).configured


@contextlib.contextmanager
def open_signer(config: SignerConfig) -> Iterator:
    """A pyHanko ``Signer`` for ``config``; a PKCS#11 session stays open inside the block."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.sign.general import SigningError

    if config.pkcs11_module:
        from pyhanko.config.pkcs11 import PKCS11SignatureConfig, TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11SigningContext

        p11 = PKCS11SignatureConfig(
            module_path=config.pkcs11_module,
            token_criteria=TokenCriteria(label=config.pkcs11_token_label or None),
            cert_label=config.pkcs11_cert_label or config.pkcs11_key_label or None,
            key_label=config.pkcs11_key_label or config.pkcs11_cert_label or None,
            user_pin=config.pkcs11_pin or None,
            other_certs=[load_cert_from_pemder(path) for path in config.ca_chain],
        )
        try:
            with PKCS11SigningContext(p11) as signer:
                yield signer
        except SigningError as exc:
            raise ValidationError(
                _("Không mở được thiết bị ký số (PKCS#11): %(error)s") % {"error": exc}
            ) from exc
        return
    if config.pkcs12_file:
        path = Path(config.pkcs12_file)
        try:
            mtime = path.stat().st_mtime_ns
        except OSError as exc:
            raise ValidationError(
                _("Không đọc được tệp chứng thư số PKCS#12: %(error)s") % {"error": exc}
            ) from exc
        signer = _pkcs12_signer(str(path), mtime, config.pkcs12_password, config.ca_chain)
        if signer is None:  # pyHanko logs the reason (wrong password, unreadable file)
            raise ValidationError(
                _("Không đọc được tệp chứng thư số PKCS#12 (sai mật khẩu hoặc tệp hỏng).")
            )
        yield signer
        return
    raise ValidationError(
        _("Hệ thống chưa được cấu hình chứng thư số để ký (PKCS#12 hoặc thiết bị PKCS#11)."),
        code="signing_not_configured",
    )


@lru_cache(maxsize=8)
def _pkcs12_signer(path: str, _mtime_ns: int, password: str, ca_chain: tuple[str, ...]):
    """Loading a PKCS#12 file costs ~35 ms; the signer is reused until the file changes."""
    from pyhanko.sign import signers

    try:
        return signers.SimpleSigner.load_pkcs12(
            path,
            ca_chain_files=ca_chain or None,
            passphrase=password.encode() if password else None,
        )
    except (OSError, ValueError):
        return None


def timestamper(config: SignerConfig):
    if not config.tsa_url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    auth = (config.tsa_username, config.tsa_password) if config.tsa_username else None
    return HTTPTimeStamper(config.tsa_url, timeout=config.tsa_timeout, auth=auth)


# What a Vietnamese stamp can contain: Latin with every Vietnamese letter (precomposed and
# combining marks), punctuation and the đồng sign.
_STAMP_CHARACTERS = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x250),
    *range(0x300, 0x370),
    *range(0x1E00, 0x1F00),
    *range(0x2000, 0x2070),
    0x20AB,
]


@cache
def _stamp_font(path: str):
    """The stamp font, reduced once per font file to the characters a stamp uses: pyHanko
    embeds a subset of the font in every signature and reading the whole of Noto Sans for it
    took most of the signing time (0.5 s of 0.7 s); the layout tables cost another 70 ms."""
    import hashlib
    import os
    import tempfile

    from fontTools import subset
    from fontTools.ttLib import TTFont
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    source = Path(path)
    if not source.is_file():
        raise ImproperlyConfigured(
            f"Stamp font {path} is missing: install fonts-noto-core or set MOTCUA_SIGN_STAMP_FONT"
        )
    stat = source.stat()
    key = hashlib.sha256(f"{source.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    reduced = Path(tempfile.gettempdir()) / f"motcua-stamp-{key.hexdigest()[:16]}.ttf"
    if not reduced.exists():
        options = subset.Options()
        # No shaping tables: text is NFC, every Vietnamese letter is one precomposed glyph.
        options.layout_features = []
        options.drop_tables += ["GSUB", "GPOS", "GDEF"]
        options.name_IDs = ["*"]
        font = TTFont(str(source))
        subsetter = subset.Subsetter(options=options)
        subsetter.populate(unicodes=_STAMP_CHARACTERS)
        subsetter.subset(font)
        partial = reduced.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(partial))
        partial.replace(reduced)  # atomic: parallel workers never read a half-written file
    return GlyphAccumulatorFactory(str(reduced))


def _stamp_style(config: SignerConfig):
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    font_path = config.stamp_font or settings.MOTCUA_SIGNING["STAMP_FONT"]
    return TextStampStyle(
        # Part of the signed document, so always Vietnamese (not interface text).
        stamp_text="Ký bởi: %(signer)s\n%(position)sThời gian: %(local_time)s",
        text_box_style=TextBoxStyle(font=_stamp_font(font_path)),
        border_width=1,
    )


def default_box(page_width: float = 419.5) -> StampBox:
    """Bottom right of the last page, inside the margin of an A5 or A4 portrait page."""
    return StampBox(-1, page_width - 215, 18, page_width - 20, 72)


@outside_event_loop
def sign_pdf(
    pdf: bytes,
    *,
    config: SignerConfig | None = None,
    reason: str = "",
    location: str = "",
    position: str = "",
    box: StampBox | None = None,
    field_name: str = "",
) -> bytes:
    """Sign ``pdf`` (an incremental update, earlier signatures stay valid) and return the
    signed bytes. ``position`` (e.g. "Giám đốc Sở Tư pháp") is printed under the signer's name,
    which comes from the certificate."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers

    config = config or SignerConfig.from_settings()
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError(_("Tệp không phải là tài liệu PDF hợp lệ.")) from exc
    existing = len(list(fields.enumerate_sig_fields(writer)))
    name = field_name or f"ChuKySo{existing + 1}"
    box = box or default_box(_page_width(writer, -1))
    fields.append_signature_field(writer, fields.SigFieldSpec(name, on_page=box.page, box=box.box))
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or None,
        location=location or None,
        signer_key_usage=KEY_USAGES,
    )
    now = timezone.localtime()
    text = {
        "local_time": f"{now:%d/%m/%Y %H:%M:%S} (GMT+7)",
        "position": f"{position}\n" if position else "",
    }
    out = io.BytesIO()
    with open_signer(config) as signer:
        pdf_signer = signers.PdfSigner(
            meta, signer=signer, timestamper=timestamper(config), stamp_style=_stamp_style(config)
        )
        try:
            pdf_signer.sign_pdf(writer, output=out, appearance_text_params=text)
        except Exception as exc:  # pyHanko wraps token, TSA and key errors in many types
            raise ValidationError(
                _("Ký số không thành công: %(error)s") % {"error": exc}, code="signing_failed"
            ) from exc
    return out.getvalue()


def _page_width(writer, page: int) -> float:
    page_obj = writer.find_page_for_modification(page)[0].get_object()
    media_box = page_obj.get("/MediaBox") or writer.root["/Pages"].get("/MediaBox")
    return float(media_box[2]) - float(media_box[0]) if media_box is not None else 419.5
