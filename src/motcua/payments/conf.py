"""Payment settings, read at call time so tests and deployments can change them.

Environment variables (documented in docs/vi/thanh-toan.md) give the defaults; a Django setting
``MOTCUA_PAYMENTS`` (a dict of the same shape) overrides them key by key, which is how tests point
the gateway plug-in at their local fake gateway.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from motcua.conf.env import env, env_int, env_list


def _from_env() -> dict[str, Any]:
    return {
        # Plug-ins offered, in this order; each is offered only once it is configured.
        "PROVIDERS": env_list("MOTCUA_PAYMENT_PROVIDERS", "counter,vietqr,gateway"),
        # A redirect payment not confirmed within this time expires (the gateway's own page
        # times out well before).
        "GATEWAY_TTL_MINUTES": env_int("MOTCUA_PAYMENT_GATEWAY_TTL_MINUTES", 30),
        # Bank transfers take longer to show on a statement (weekends, batch exports).
        "TRANSFER_TTL_HOURS": env_int("MOTCUA_PAYMENT_TRANSFER_TTL_HOURS", 72),
        "VIETQR": {
            "BANK_BIN": env("MOTCUA_PAYMENT_VIETQR_BANK_BIN"),
            "BANK_NAME": env("MOTCUA_PAYMENT_VIETQR_BANK_NAME"),
            "ACCOUNT": env("MOTCUA_PAYMENT_VIETQR_ACCOUNT"),
            "ACCOUNT_NAME": env("MOTCUA_PAYMENT_VIETQR_ACCOUNT_NAME"),
        },
        "GATEWAY": {
            "NAME": env("MOTCUA_PAYMENT_GATEWAY_NAME"),
            "URL": env("MOTCUA_PAYMENT_GATEWAY_URL"),
            "QUERY_URL": env("MOTCUA_PAYMENT_GATEWAY_QUERY_URL"),
            "MERCHANT": env("MOTCUA_PAYMENT_GATEWAY_MERCHANT"),
            "SECRET": env("MOTCUA_PAYMENT_GATEWAY_SECRET"),
            # national_platform (DuocThanhToanTrucTuyen = 1) or local_gateway (= 2)
            "CHANNEL": env("MOTCUA_PAYMENT_GATEWAY_CHANNEL", "local_gateway"),
            "AMOUNT_SCALE": env_int("MOTCUA_PAYMENT_GATEWAY_AMOUNT_SCALE", 100),
            "TIMEOUT": env_int("MOTCUA_PAYMENT_GATEWAY_TIMEOUT", 10),
        },
    }


def config() -> dict[str, Any]:
    merged = _from_env()
    for key, value in (getattr(settings, "MOTCUA_PAYMENTS", None) or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged
