"""The wire formats: VietQR (EMVCo merchant-presented QR) and the gateway's HMAC signature."""

import hashlib
import hmac
from decimal import Decimal

import pytest

from motcua.payments.base import mask
from motcua.payments.contrib.gateway import protocol
from motcua.payments.contrib.vietqr import emvco


def test_crc_is_crc16_ccitt_false():
    assert emvco.crc16("123456789") == "29B1"  # the catalogue check value of CRC-16/CCITT-FALSE


def test_vietqr_payload_follows_the_napas_profile():
    payload = emvco.transfer_payload(
        bank_bin="970415", account="113366668888", amount=8000, purpose="MC7K3M9QX2AB"
    )
    fields = emvco.parse(payload)
    assert fields["00"] == "01"
    assert fields["01"] == "12"  # dynamic: the amount is fixed
    # Tag 38 as in NAPAS's published sample for this bank and account.
    assert fields["38"] == "0010A000000727012600069704150112113366668888" + "0208QRIBFTTA"
    assert (fields["53"], fields["54"], fields["58"]) == ("704", "8000", "VN")
    assert emvco.split(fields["62"]) == {"08": "MC7K3M9QX2AB"}
    assert payload.endswith(emvco.crc16(payload[:-4]))
    static = emvco.parse(
        emvco.transfer_payload(bank_bin="970415", account="1", amount=None, purpose="X")
    )
    assert static["01"] == "11" and "54" not in static


def test_vietqr_payload_checks():
    good = emvco.transfer_payload(bank_bin="970415", account="1234", amount=1, purpose="MC1")
    with pytest.raises(emvco.PayloadError):
        emvco.parse(good[:-1] + ("0" if good[-1] != "0" else "1"))  # CRC broken
    with pytest.raises(emvco.PayloadError):
        emvco.transfer_payload(bank_bin="97041", account="1", amount=1, purpose="X")
    with pytest.raises(emvco.PayloadError):
        emvco.transfer_payload(bank_bin="970415", account="1", amount=1, purpose="Nộp phí")
    with pytest.raises(emvco.PayloadError):
        emvco.transfer_payload(bank_bin="970415", account="1", amount=1, purpose="X" * 26)


def test_the_qr_image_carries_the_payload():
    import zxingcpp
    from PIL import Image

    from motcua.documents.qr import png

    payload = emvco.transfer_payload(
        bank_bin="970415", account="113366668888", amount=58000, purpose="MCABCDEFGHJK"
    )
    import io

    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png(payload))))
    assert [d.text for d in decoded] == [payload]


def test_signature_is_hmac_sha512_over_sorted_form_encoded_parameters():
    params = {"order_ref": "MC1", "amount": "800000", "order_info": "Nộp phí hồ sơ", "b": "x y"}
    canonical = protocol.canonical({**params, "signature": "ignored"})
    assert canonical == (
        "amount=800000&b=x+y&order_info=N%E1%BB%99p+ph%C3%AD+h%E1%BB%93+s%C6%A1&order_ref=MC1"
    )
    expected = hmac.new(b"k", canonical.encode(), hashlib.sha512).hexdigest()
    assert protocol.sign(params, "k") == expected and len(expected) == 128
    signed = protocol.signed(params, "k")
    assert protocol.verify(signed, "k")
    assert protocol.verify({**signed, "signature": signed["signature"].upper()}, "k")
    assert not protocol.verify({**signed, "amount": "800001"}, "k")
    assert not protocol.verify({**signed, "extra": "1"}, "k")  # added parameters are signed too
    assert not protocol.verify(signed, "other")
    assert not protocol.verify(params, "k")
    assert not protocol.verify(signed, "")


def test_amount_scale():
    assert protocol.to_minor(Decimal(8000), 100) == "800000"
    assert protocol.from_minor("800000", 100) == Decimal(8000)
    assert protocol.from_minor("8000", 1) == Decimal(8000)
    for bad in ("800050", "-100", "abc", "", "8000.5"):
        assert protocol.from_minor(bad, 100) is None


def test_mask_keeps_callbacks_readable_without_secrets():
    masked = mask({"signature": "abcdef0123456789", "card_number": "9704001234567890", "a": "b"})
    assert masked == {"signature": "abcdef…", "card_number": "************7890", "a": "b"}
