"""QR codes pointing at the public tracking page of a dossier."""

import base64
import io
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings

# Medium error correction survives a creased or stamped paper slip.
_ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M


def tracking_url(dossier_code: str) -> str:
    """``{MOTCUA_PUBLIC_URL}/tra-cuu/?ma=<code>`` (the portal's public look-up page)."""
    base = settings.MOTCUA_PUBLIC_URL.rstrip("/")
    return f"{base}/tra-cuu/?{urlencode({'ma': dossier_code})}"


def _make(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=_ERROR_CORRECTION, border=2)
    code.add_data(data)
    code.make(fit=True)
    return code


def svg(data: str) -> bytes:
    return _make(data).make_image(image_factory=qrcode.image.svg.SvgPathImage).to_string()


def svg_data_uri(data: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg(data)).decode("ascii")


def png(data: str, box_size: int = 6) -> bytes:
    code = _make(data)
    code.box_size = box_size
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()
