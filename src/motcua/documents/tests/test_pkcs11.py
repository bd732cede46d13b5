"""Signing through a PKCS#11 token: a SoftHSM2 token made in the test holds the signer's key
(criteria PL2-2.11, PL5-10). Under CI=true a missing SoftHSM2 fails instead of skipping."""

import os
import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import ValidationError

from motcua.documents import rendering
from motcua.documents.signing import SignerConfig, sign_pdf
from motcua.documents.verification import load_trust_roots, verify_pdf

from . import pdftools
from .pki import SIGNER_NAME
from .test_rendering import sample

MODULE = os.environ.get("MOTCUA_TEST_SOFTHSM2", "/usr/lib/softhsm/libsofthsm2.so")
TOKEN, PIN, SO_PIN, LABEL = "motcua-test", "246810", "13579246", "ky-so-so-tu-phap"

pytestmark = pytest.mark.criterion("PL2-2.11", "PL5-10")


@pytest.fixture(scope="module")
def token(tmp_path_factory, pki):
    if not (os.path.exists(MODULE) and shutil.which("softhsm2-util")):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but SoftHSM2 is missing ({MODULE})")
        pytest.skip("SoftHSM2 is not installed")
    import pkcs11
    from pkcs11 import Attribute
    from pkcs11.util.rsa import decode_rsa_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    # SoftHSM2 reads its configuration when the module is first loaded in this process.
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            TOKEN,
            "--so-pin",
            SO_PIN,
            "--pin",
            PIN,
        ],
        check=True,
        capture_output=True,
    )
    key_der = pki.signer_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,  # PKCS#1, what python-pkcs11 decodes
        serialization.NoEncryption(),
    )
    cert_der = pki.signer.public_bytes(serialization.Encoding.DER)
    common = {Attribute.LABEL: LABEL, Attribute.ID: b"\x01", Attribute.TOKEN: True}
    with pkcs11.lib(MODULE).get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as session:
        session.create_object(
            {**decode_rsa_private_key(key_der), **common, Attribute.SENSITIVE: True}
        )
        session.create_object({**decode_x509_certificate(cert_der), **common})
    return SignerConfig(
        pkcs11_module=MODULE,
        pkcs11_token_label=TOKEN,
        pkcs11_pin=PIN,
        pkcs11_key_label=LABEL,
        ca_chain=(str(pki.root_pem),),
        stamp_font="/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    )


def test_signature_made_on_a_softhsm2_token_validates(token, pki, tmp_path):
    signed = sign_pdf(rendering.render_pdf(sample()), config=token, reason="Ký kết quả")
    report = verify_pdf(signed, trust_roots=load_trust_roots([str(pki.root_pem)]))
    assert report.ok
    [sig] = report.signatures
    assert sig.signer_name == SIGNER_NAME and sig.trusted and sig.whole_file
    assert "Signature Validation: Signature is Valid." in pdftools.pdfsig(signed, tmp_path)
    assert f"Ký bởi: {SIGNER_NAME}" in pdftools.text(signed, tmp_path)


def test_wrong_pin_is_a_clear_error(token):
    import dataclasses

    with pytest.raises(ValidationError, match="PKCS#11"):
        sign_pdf(
            rendering.render_pdf(sample()), config=dataclasses.replace(token, pkcs11_pin="000000")
        )
