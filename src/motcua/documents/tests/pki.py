"""A throw-away PKI made in the test: root CA, a signer with a Vietnamese name, a TSA, and an
RFC 3161 time-stamping server on a local port (the TSA is outside the province's system)."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SIGNER_NAME = "Nguyễn Thị Ánh Tuyết"
PKCS12_PASSWORD = "mật-khẩu"


def _name(common_name: str, organisation: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


def issue(common_name, *, issuer=None, ca=False, eku=None, organisation="", days=365):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    issuer_cert, issuer_key = issuer or (None, key)
    subject = _name(common_name, organisation)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_cert.subject if issuer_cert else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if issuer_cert is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    return builder.sign(issuer_key, hashes.SHA256()), key


def pem(cert) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@dataclass
class Pki:
    folder: Path
    root: x509.Certificate
    root_key: rsa.RSAPrivateKey
    signer: x509.Certificate
    signer_key: rsa.RSAPrivateKey
    tsa: x509.Certificate
    tsa_key: rsa.RSAPrivateKey

    @property
    def root_pem(self) -> Path:
        return self.folder / "root.pem"

    @property
    def pkcs12(self) -> Path:
        return self.folder / "signer.p12"


def build(folder: Path) -> Pki:
    root, root_key = issue("Root CA thử nghiệm motcua", ca=True, days=3650)
    signer, signer_key = issue(
        SIGNER_NAME, issuer=(root, root_key), organisation="Sở Tư pháp tỉnh Quảng Ngãi"
    )
    tsa, tsa_key = issue(
        "Máy chủ cấp dấu thời gian thử nghiệm",
        issuer=(root, root_key),
        eku=[ExtendedKeyUsageOID.TIME_STAMPING],
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "root.pem").write_bytes(pem(root))
    (folder / "signer.p12").write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"signer",
            signer_key,
            signer,
            [root],
            serialization.BestAvailableEncryption(PKCS12_PASSWORD.encode()),
        )
    )
    (folder / "tsa.pem").write_bytes(pem(tsa))
    (folder / "tsa.key").write_bytes(key_pem(tsa_key))
    return Pki(folder, root, root_key, signer, signer_key, tsa, tsa_key)


class TimeStampServer:
    """RFC 3161 over HTTP (POST application/timestamp-query), answered by pyHanko's in-process
    stamper with the test TSA's key."""

    def __init__(self, pki: Pki):
        from asn1crypto import tsp
        from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
        from pyhanko.sign.timestamps import DummyTimeStamper

        stamper = DummyTimeStamper(
            tsa_cert=load_cert_from_pemder(str(pki.folder / "tsa.pem")),
            tsa_key=load_private_key_from_pemder(str(pki.folder / "tsa.key"), None),
        )
        self.requests = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.headers.get("Content-Type") != "application/timestamp-query":
                    self.send_error(415)
                    return
                server.requests += 1
                answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/tsa"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
