"""PL5-2 (IPv6): the production server (gunicorn) serves the portal on an IPv6 address as well
as on IPv4. DNSSEC is a property of the province's domain, checked at deployment
(docs/vi/trien-khai.md)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import quote

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def _ipv6_available() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET6) as v6, socket.socket() as v4:
        v6.bind(("::1", 0))
        port = v6.getsockname()[1]
        v4.bind(("127.0.0.1", port))  # the same number must be free on both
        return port


def _database_url() -> str:
    """The test database, for the server process to read what this test wrote."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "postgres")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 — our own server
        return response.status, response.read().decode()


@pytest.fixture
def gunicorn():
    if not _ipv6_available():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("IPv6 loopback (::1) is not available on the CI machine")
        pytest.skip("no IPv6 loopback on this machine")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motcua.conf.base",
        "DATABASE_URL": _database_url(),
        "ALLOWED_HOSTS": "127.0.0.1,[::1]",
        "MOTCUA_ACCESS_LOG": "false",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    binds = ["--bind", f"[::1]:{port}", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "motcua.wsgi:application", "--workers", "1", *binds],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(f"http://[::1]:{port}/healthz")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(server.stderr.read().decode()[-2000:]) from None
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.criterion("PL5-2")
def test_gunicorn_serves_the_portal_over_ipv6_and_ipv4(gunicorn):
    from motcua.directory.models import Field

    Field.objects.create(code="G15-TP07", name="Hộ tịch")  # data from this test's database
    status, body = _get(f"http://[::1]:{gunicorn}/linh-vuc/G15-TP07/")
    assert status == 200
    assert '<html lang="vi">' in body and "Hộ tịch" in body
    status, body = _get(f"http://127.0.0.1:{gunicorn}/linh-vuc/G15-TP07/")
    assert status == 200 and "Hộ tịch" in body
    status, body = _get(f"http://[::1]:{gunicorn}/readyz")
    assert status == 200 and '"database": {"ok": true' in body
