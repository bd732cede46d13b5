"""Read settings from the environment, in one place, with documented defaults."""

import os

_TRUE = {"1", "true", "yes", "on"}


def env(name: str, default: str = "") -> str:
    """The variable's value; unset and empty both mean "use the default"."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in _TRUE


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]
