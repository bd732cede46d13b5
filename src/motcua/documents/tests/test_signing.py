"""PAdES signing and verification with a CA made in the test (criteria PL2-2.11, PL5-10)."""

import dataclasses
import re

import pytest
from django.core.exceptions import ValidationError

from motcua.documents import rendering
from motcua.documents.signing import sign_pdf
from motcua.documents.verification import ERROR, OK, load_trust_roots, verify_pdf

from . import pdftools
from .pki import SIGNER_NAME, TimeStampServer, issue
from .test_rendering import sample

pytestmark = pytest.mark.criterion("PL2-2.11", "PL5-10")


@pytest.fixture(scope="module")
def unsigned():
    return rendering.render_pdf(sample())


@pytest.fixture
def roots(pki):
    return load_trust_roots([str(pki.root_pem)])


def test_signed_pdf_validates_with_signer_time_and_whole_file_coverage(
    unsigned, pkcs12_config, roots, tmp_path
):
    signed = sign_pdf(
        unsigned, config=pkcs12_config, reason="Ký Giấy tiếp nhận", location="Quảng Ngãi"
    )
    report = verify_pdf(signed, trust_roots=roots)
    assert report.ok, report
    [sig] = report.signatures
    assert sig.signer_name == SIGNER_NAME
    assert sig.organisation == "Sở Tư pháp tỉnh Quảng Ngãi"
    assert sig.issuer_name == "Root CA thử nghiệm motcua"
    assert sig.intact and sig.trusted and sig.whole_file
    assert sig.modification == "none"
    assert sig.signing_time is not None and sig.timestamp_time is None
    assert str(sig.signing_time.tzinfo) == "Asia/Ho_Chi_Minh"
    assert "chứng thư gốc tin cậy “Root CA thử nghiệm motcua”" in " ".join(
        f.text for f in sig.findings
    )
    assert report.summary == "Tất cả 1 chữ ký số trong tệp đều hợp lệ."
    # The original content is still there, and poppler agrees that the signature is valid.
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in pdftools.text(signed, tmp_path)
    sig_info = pdftools.pdfsig(signed, tmp_path)
    assert "Signature Validation: Signature is Valid." in sig_info
    assert "ETSI.CAdES.detached" in sig_info


def test_visible_stamp_shows_the_vietnamese_name(unsigned, pkcs12_config, tmp_path):
    signed = sign_pdf(unsigned, config=pkcs12_config, position="Giám đốc Sở Tư pháp")
    text = pdftools.text(signed, tmp_path)
    assert f"Ký bởi: {SIGNER_NAME}" in text
    assert "Giám đốc Sở Tư pháp" in text
    assert re.search(r"Thời gian: \d\d/\d\d/\d{4} \d\d:\d\d:\d\d \(GMT\+7\)", text)


def _flip_byte_in_signed_content(signed: bytes) -> bytes:
    """Change one byte inside the signed byte range (in the first page's content stream)."""
    start = signed.index(b"stream\n") + len(b"stream\n") + 10
    tampered = bytearray(signed)
    tampered[start] ^= 0x01
    return bytes(tampered)


def test_one_byte_change_is_detected(unsigned, pkcs12_config, roots):
    signed = sign_pdf(unsigned, config=pkcs12_config)
    report = verify_pdf(_flip_byte_in_signed_content(signed), trust_roots=roots)
    assert not report.ok
    [sig] = report.signatures
    assert not sig.intact
    assert any(f.level == ERROR and "đã bị thay đổi sau khi ký" in f.text for f in sig.findings)
    assert "1 trong 1 chữ ký số không hợp lệ" in report.summary


def test_changes_appended_after_signing_are_reported(unsigned, pkcs12_config, roots):
    """Incremental updates: a second signature is fine; rewriting a page is not."""
    from io import BytesIO

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = sign_pdf(unsigned, config=pkcs12_config)
    countersigned = sign_pdf(signed, config=pkcs12_config)
    report = verify_pdf(countersigned, trust_roots=roots)
    assert report.ok
    assert [s.modification for s in report.signatures] == ["form_filling", "none"]

    writer = IncrementalPdfFileWriter(BytesIO(signed))
    stream = writer.add_object(generic.StreamObject(stream_data=b"0 0 m 100 100 l S"))
    writer.add_stream_to_page(0, stream)
    out = BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), trust_roots=roots)
    [sig] = report.signatures
    assert sig.intact, "the signed revision itself is untouched"
    assert sig.modification == "other"
    assert not report.ok


def test_untrusted_signer_is_not_trusted(unsigned, tmp_path, pkcs12_config):
    other_root, _key = issue("CA khác", ca=True)
    path = tmp_path / "other.pem"
    from .pki import pem

    path.write_bytes(pem(other_root))
    report = verify_pdf(
        sign_pdf(unsigned, config=pkcs12_config), trust_roots=load_trust_roots([str(path)])
    )
    [sig] = report.signatures
    assert sig.intact and not sig.trusted and not report.ok
    no_roots = verify_pdf(sign_pdf(unsigned, config=pkcs12_config), trust_roots=[])
    assert "chưa cấu hình chứng thư gốc tin cậy" in no_roots.signatures[0].findings[1].text


def test_timestamp_from_the_configured_tsa_makes_pades_b_t(unsigned, pki, pkcs12_config, roots):
    with TimeStampServer(pki) as tsa:
        config = dataclasses.replace(pkcs12_config, tsa_url=tsa.url)
        signed = sign_pdf(unsigned, config=config)
        assert tsa.requests >= 1  # pyHanko also asks once to size the signature
    report = verify_pdf(signed, trust_roots=roots)
    assert report.ok
    [sig] = report.signatures
    assert sig.timestamp_time is not None and sig.timestamp_trusted
    assert any(f.level == OK and "Dấu thời gian (RFC 3161)" in f.text for f in sig.findings)


def test_unreachable_tsa_fails_signing_cleanly(unsigned, pkcs12_config):
    config = dataclasses.replace(pkcs12_config, tsa_url="http://127.0.0.1:9/tsa", tsa_timeout=2)
    with pytest.raises(ValidationError, match="Ký số không thành công"):
        sign_pdf(unsigned, config=config)


def test_wrong_pkcs12_password_is_a_clear_error(unsigned, pkcs12_config):
    with pytest.raises(ValidationError, match="PKCS#12"):
        sign_pdf(unsigned, config=dataclasses.replace(pkcs12_config, pkcs12_password="sai"))


def test_unconfigured_signing_is_a_clear_error(unsigned):
    from motcua.documents.signing import SignerConfig

    with pytest.raises(ValidationError, match="chưa được cấu hình chứng thư số"):
        sign_pdf(unsigned, config=SignerConfig())


@pytest.mark.parametrize(
    "garbage",
    [b"", b"hello", b"%PDF-1.7\n garbage", b"\x89PNG\r\n\x1a\n" + b"0" * 100],
)
def test_garbage_is_a_validation_error_not_a_crash(garbage):
    with pytest.raises(ValidationError):
        verify_pdf(garbage, trust_roots=[])


def test_unsigned_pdf_has_no_signatures(unsigned):
    report = verify_pdf(unsigned, trust_roots=[])
    assert report.signatures == [] and not report.ok
    assert report.summary == "Tệp không có chữ ký số."


def test_trust_roots_load_from_a_folder_with_a_pem_bundle(tmp_path, pki):
    from .pki import pem

    other, _ = issue("CA thứ hai", ca=True)
    (tmp_path / "bundle.pem").write_bytes(pem(pki.root) + pem(other))
    (tmp_path / "ghi-chu.txt").write_text("không phải chứng thư")
    roots = load_trust_roots([str(tmp_path)])
    assert [r.subject.native["common_name"] for r in roots] == [
        "Root CA thử nghiệm motcua",
        "CA thứ hai",
    ]


def test_document_timestamp_is_reported_as_such(unsigned, pki, pkcs12_config, roots):
    """PAdES-LTA archives add a document timestamp after the signature; it is its own entry."""
    from io import BytesIO

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.timestamps import HTTPTimeStamper

    signed = sign_pdf(unsigned, config=pkcs12_config)
    from motcua.documents.aio import outside_event_loop

    with TimeStampServer(pki) as tsa:
        out = BytesIO()
        outside_event_loop(signers.PdfTimeStamper(HTTPTimeStamper(tsa.url)).timestamp_pdf)(
            IncrementalPdfFileWriter(BytesIO(signed)), md_algorithm="sha256", output=out
        )
    report = verify_pdf(out.getvalue(), trust_roots=roots)
    signature, timestamp = report.signatures
    assert not signature.is_document_timestamp and signature.modification == "lta_updates"
    assert timestamp.is_document_timestamp and timestamp.timestamp_trusted
    assert report.ok


def test_signing_and_verifying_work_inside_a_running_event_loop(unsigned, pkcs12_config, roots):
    """As in an async view, or beside Playwright's sync API in the same test process."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def inside():
        return verify_pdf(sign_pdf(unsigned, config=pkcs12_config), trust_roots=roots)

    # A thread of its own, so the test also runs where this thread already has a loop.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, inside()).result().ok
