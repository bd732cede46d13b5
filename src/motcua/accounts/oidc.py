"""Single sign-on with OpenID Connect: the national identity (VNeID) or national-portal accounts.

mozilla-django-oidc runs the authorisation-code flow (state, nonce, PKCE, RS256 id_token checked
against the provider's JWKS). This module adds what a province needs around it: endpoints from
the provider's discovery document, issuer and audience checks, claim names set by configuration,
and the account matching rules of ``services.sign_in_with_identity``. Everything is off unless
``OIDC_RP_CLIENT_ID`` is set.
"""

from __future__ import annotations

import datetime
import json
import logging
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import (
    ImproperlyConfigured,
    PermissionDenied,
    SuspiciousOperation,
    ValidationError,
)
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import services
from .validators import normalise_phone, parse_id_number

logger = logging.getLogger(__name__)

# Our field → the provider's claim. Standard OIDC names, and "id_number" for the personal ID
# number (no standard claim exists); a deployment maps its provider's names in OIDC_CLAIMS.
DEFAULT_CLAIMS = {
    "full_name": "name",
    "id_number": "id_number",
    "date_of_birth": "birthdate",
    "address": "address",
    "email": "email",
    "email_verified": "email_verified",
    "phone": "phone_number",
    "phone_verified": "phone_number_verified",
}


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


@dataclass(frozen=True)
class ProviderConfig:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_uri: str


def _fetch_json(url: str) -> dict:
    if not url.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"OIDC URL must be http(s): {url!r}")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=settings.OIDC_TIMEOUT) as response:  # noqa: S310
        return json.loads(response.read())


def provider_config() -> ProviderConfig:
    """Endpoints from the discovery document (cached an hour), overridden by explicit settings."""
    discovered: dict = {}
    if settings.OIDC_OP_DISCOVERY_URL:
        key = f"motcua:oidc:discovery:{settings.OIDC_OP_DISCOVERY_URL}"
        discovered = cache.get(key)
        if discovered is None:
            discovered = _fetch_json(settings.OIDC_OP_DISCOVERY_URL)
            cache.set(key, discovered, 3600)
    config = ProviderConfig(
        issuer=settings.OIDC_OP_ISSUER or discovered.get("issuer", ""),
        authorization_endpoint=settings.OIDC_OP_AUTHORIZATION_ENDPOINT
        or discovered.get("authorization_endpoint", ""),
        token_endpoint=settings.OIDC_OP_TOKEN_ENDPOINT or discovered.get("token_endpoint", ""),
        userinfo_endpoint=settings.OIDC_OP_USER_ENDPOINT or discovered.get("userinfo_endpoint", ""),
        jwks_uri=settings.OIDC_OP_JWKS_ENDPOINT or discovered.get("jwks_uri", ""),
    )
    missing = [name for name, value in vars(config).items() if not value and name != "issuer"]
    if missing:
        raise ImproperlyConfigured(f"OpenID Connect provider endpoints missing: {missing}")
    return config


def claim_names() -> dict[str, str]:
    return DEFAULT_CLAIMS | json.loads(settings.OIDC_CLAIMS or "{}")


def _truthy(value) -> bool:
    return value is True or str(value).lower() in {"true", "1"}


def map_claims(claims: dict) -> services.IdentityClaims:
    names = claim_names()

    def get(field: str):
        return claims.get(names[field])

    address = get("address") or ""
    if isinstance(address, dict):  # OIDC "address" is a structured claim
        address = address.get("formatted", "")
    birth = None
    if get("date_of_birth"):
        try:
            birth = datetime.date.fromisoformat(str(get("date_of_birth")))
        except ValueError:
            logger.warning("OIDC: unreadable birthdate claim")
    id_number = str(get("id_number") or "").strip()
    if id_number:
        try:
            parse_id_number(id_number, birth)
        except ValidationError:
            # The national identity is authoritative; keep the number, flag our rule.
            logger.warning("OIDC: the provider's ID number fails our structure check")
    phone = ""
    if get("phone"):
        try:
            phone = normalise_phone(str(get("phone")))
        except ValidationError:
            logger.info("OIDC: phone claim is not a Vietnamese mobile number; ignored")
    return services.IdentityClaims(
        subject=str(claims["sub"]),
        full_name=str(get("full_name") or ""),
        id_number=id_number,
        date_of_birth=birth,
        address=str(address),
        email=str(get("email") or "").strip().lower(),
        email_verified=_truthy(get("email_verified")),
        phone=phone,
        phone_verified=_truthy(get("phone_verified")),
    )


class NationalIdentityBackend(OIDCAuthenticationBackend):
    """The authentication backend for the OIDC callback (listed only when SSO is on)."""

    def __init__(self, *args, **kwargs):
        # Endpoints are resolved when a callback arrives, not whenever Django instantiates the
        # backends (every password login does): an unreachable provider must not block those.
        self.UserModel = get_user_model()

    def _configure(self) -> ProviderConfig:
        config = provider_config()
        self.OIDC_OP_TOKEN_ENDPOINT = config.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = config.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = config.jwks_uri
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.issuer = config.issuer
        return config

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not enabled():
            return None  # not an OIDC callback (e.g. a password login)
        self._configure()
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("id_token audience is not this client")
        if self.issuer and payload.get("iss") != self.issuer:
            raise SuspiciousOperation("id_token issuer mismatch")
        if "exp" not in payload:
            raise SuspiciousOperation("id_token without expiry")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo subject differs from the id_token's")
        claims = map_claims(payload | userinfo)
        current = getattr(self.request, "user", None)
        try:
            return services.sign_in_with_identity(
                settings.OIDC_PROVIDER_CODE,
                claims,
                current_user=current if getattr(current, "is_authenticated", False) else None,
            )
        except PermissionDenied as exc:
            messages.error(self.request, str(exc))
            raise
