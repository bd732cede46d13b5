"""Settings of the national-portal (Cổng Dịch vụ công quốc gia) connection, read at call time.

All come from ``MOTCUA_DVCQG_*`` environment variables (docs/vi/lien-thong.md); the connection
is off until ``MOTCUA_DVCQG_BASE_URL`` is set. A Django setting ``MOTCUA_INTEGRATIONS =
{"dvcqg": {...}}`` overrides them key by key, which is how tests point it at the fake server.
Paths and code tables the official specification does not confirm are [inferred] and kept here
as configuration, so that a province can correct them without a release.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings

from motcua.conf.env import env, env_int

PREFIX = "MOTCUA_DVCQG_"

# Paths under BASE_URL [inferred: the six-step adapter flow is seen in vendor code (regs.md
# §5.4), the addresses are not].
DEFAULT_PATHS = {
    "TOKEN": "token",
    "DOSSIER": "hoso/dong-bo",
    "STATUS": "hoso/trang-thai",
    "RESULT": "hoso/ket-qua",
    "PENDING": "hoso/cho-tiep-nhan",
    "ACKNOWLEDGE": "hoso/xac-nhan",
    "FILE": "tep-tin/{id}",
}


def config() -> dict[str, Any]:
    conf = {
        # The adapter's base address (through the NGSP/LGSP where the province routes it).
        # Empty: the connection is off — nothing is queued, sent or pulled.
        "BASE_URL": env(f"{PREFIX}BASE_URL"),
        # Step B1: the account the national portal gave this province.
        "CLIENT_ID": env(f"{PREFIX}CLIENT_ID"),
        "CLIENT_SECRET": env(f"{PREFIX}CLIENT_SECRET"),
        # The province's identifier code: sender of our packets, filter of pending dossiers.
        "AGENCY_CODE": env(f"{PREFIX}AGENCY_CODE"),
        "TIMEOUT": env_int(f"{PREFIX}TIMEOUT", 10),
        # Retries: 60 s, 120 s, 240 s … at most RETRY_DELAY_MAX, MAX_ATTEMPTS tries in all;
        # then the message waits for an administrator (state "Lỗi, cần xử lý").
        "MAX_ATTEMPTS": env_int(f"{PREFIX}MAX_ATTEMPTS", 10),
        "RETRY_DELAY": env_int(f"{PREFIX}RETRY_DELAY", 60),
        "RETRY_DELAY_MAX": env_int(f"{PREFIX}RETRY_DELAY_MAX", 6 * 3600),
        # JSON objects overriding DEFAULT_PATHS and the status code table key by key.
        "PATHS": {**DEFAULT_PATHS, **_json(f"{PREFIX}PATHS")},
        "STATUS_CODES": {int(k): int(v) for k, v in _json(f"{PREFIX}STATUS_CODES").items()},
    }
    overrides = (getattr(settings, "MOTCUA_INTEGRATIONS", None) or {}).get("dvcqg", {})
    return {**conf, **overrides}


def is_enabled() -> bool:
    return bool(config()["BASE_URL"])


def _json(name: str) -> dict:
    value = json.loads(env(name, "{}"))
    if not isinstance(value, dict):
        raise ValueError(f"{name} must be a JSON object")
    return value
