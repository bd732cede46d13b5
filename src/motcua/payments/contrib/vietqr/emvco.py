"""VietQR payloads: the EMVCo merchant-presented QR format with NAPAS's profile for transfers
to a bank account (tag 38: GUID A000000727, acquirer BIN + account, service QRIBFTTA).

Written here because no well-kept Python library covers it (the PyPI packages are unmaintained
one-offs) and the format is a few lines: ID (2 digits) + length (2 digits) + value, nested for
templates, closed by tag 63 holding CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF) over
everything before it including "6304"; ``binascii.crc_hqx`` computes exactly that.
"""

from __future__ import annotations

import binascii

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"  # ISO 4217 numeric
COUNTRY = "VN"
PURPOSE_MAX = 25  # NAPAS limit of tag 62/08


class PayloadError(ValueError):
    pass


def tlv(tag: str, value: str) -> str:
    if not value or len(value) > 99:
        raise PayloadError(f"tag {tag}: length {len(value)} outside 1..99")
    return f"{tag}{len(value):02d}{value}"


def crc16(data: str) -> str:
    return format(binascii.crc_hqx(data.encode("ascii"), 0xFFFF), "04X")


def transfer_payload(*, bank_bin: str, account: str, amount: int | None, purpose: str) -> str:
    """A VietQR string for a transfer of ``amount`` đồng (``None``: the payer types it) with
    ``purpose`` as the transfer content. Dynamic (point of initiation 12) when an amount is set."""
    if not (bank_bin.isdigit() and len(bank_bin) == 6):
        raise PayloadError("the acquirer BIN has 6 digits")
    if not purpose.isascii() or len(purpose) > PURPOSE_MAX:
        raise PayloadError("the transfer content is ASCII, at most 25 characters")
    beneficiary = tlv("00", bank_bin) + tlv("01", account)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    body = tlv("00", "01") + tlv("01", "12" if amount else "11") + tlv("38", merchant)
    body += tlv("53", CURRENCY_VND)
    if amount:
        body += tlv("54", str(int(amount)))
    body += tlv("58", COUNTRY) + tlv("62", tlv("08", purpose)) + "6304"
    return body + crc16(body)


def parse(payload: str) -> dict[str, str]:
    """Top-level tags of a payload (templates left as strings); checks the CRC."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise PayloadError("no CRC field at the end")
    if crc16(payload[:-4]) != payload[-4:].upper():
        raise PayloadError("CRC mismatch")
    return split(payload)


def split(data: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    i = 0
    while i < len(data):
        tag, length = data[i : i + 2], data[i + 2 : i + 4]
        if not length.isdigit() or i + 4 + int(length) > len(data):
            raise PayloadError(f"malformed field at {i}")
        fields[tag] = data[i + 4 : i + 4 + int(length)]
        i += 4 + int(length)
    return fields
