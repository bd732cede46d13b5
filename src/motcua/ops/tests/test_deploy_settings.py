"""Production settings: Django's deployment checklist passes, HTTPS switches on by environment.

Settings are read once at import, so each case runs in a fresh interpreter with its own
environment.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "motcua.conf.base",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "dichvucong.quangngai.gov.vn",
    "MOTCUA_HTTPS": "true",
}
SWITCHES = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
]
# Variables of the developer's or CI's shell that would change what is being checked.
_CLEARED = (
    "DEBUG",
    "SECURE_",
    "SESSION_",
    "MOTCUA_HTTPS",
    "BEHIND_PROXY",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # the test runner needs it; a deployment must not set it
)


def _env(extra: dict[str, str]) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(_CLEARED)}
    base.pop("SECRET_KEY", None)
    return {**base, **extra}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=_env(env), capture_output=True, text=True, timeout=120
    )


def _settings(env: dict[str, str]) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {SWITCHES!r}}}))"
    )
    done = _run(["-c", code], {"DJANGO_SETTINGS_MODULE": "motcua.conf.base", **env})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.criterion("S-1", "PL5-1")
def test_deployment_checklist_has_no_warning_in_production_settings():
    """`manage.py check --deploy` with production-like variables: no warning at all."""
    done = _run(["-m", "django", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)" in done.stdout


def test_deployment_checklist_flags_a_production_without_https():
    """The same check fails when HTTPS is left off: the test above can fail."""
    env = {**PRODUCTION, "MOTCUA_HTTPS": "false"}
    done = _run(["-m", "django", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert done.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stderr


@pytest.mark.criterion("PL5-1")
def test_https_switch_turns_on_redirect_hsts_and_secure_cookies():
    values = _settings({"MOTCUA_HTTPS": "true"})
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True


def test_each_https_setting_can_be_overridden_and_embedded_default_is_plain_http():
    embedded = _settings({})
    assert embedded["SECURE_SSL_REDIRECT"] is False
    assert embedded["SECURE_HSTS_SECONDS"] == 0
    assert embedded["DEBUG"] is False  # secure by default even for the demo
    assert embedded["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert embedded["X_FRAME_OPTIONS"] == "DENY"
    tuned = _settings(
        {"MOTCUA_HTTPS": "true", "SECURE_HSTS_PRELOAD": "false", "SECURE_HSTS_SECONDS": "600"}
    )
    assert tuned["SECURE_HSTS_PRELOAD"] is False
    assert tuned["SECURE_HSTS_SECONDS"] == 600
    assert tuned["SECURE_SSL_REDIRECT"] is True
    behind = _settings({"BEHIND_PROXY": "true"})
    assert behind["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.criterion("PL5-1")
def test_https_redirect_hsts_and_secure_cookies_on_the_wire(client, settings, db):
    """With the switches on, plain HTTP is redirected, HTTPS answers carry HSTS; health probes
    of the load balancer stay reachable over HTTP."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get("/thu-tuc/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/thu-tuc/"
    assert client.get("/healthz").status_code == 200
    response = client.get("/tai-khoan/dang-nhap/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.cookies["csrftoken"]["secure"]
