"""What every client of an external system raises, so that callers can tell "try again later"
from "the other side refused this"."""

from __future__ import annotations

from typing import ClassVar


class IntegrationError(Exception):
    """A call to an external system did not succeed. ``message`` is for officials
    (Vietnamese); ``temporary`` says whether trying again later may help."""

    temporary: ClassVar[bool] = False

    def __init__(self, message: str, *, status: int | None = None, detail: str = ""):
        super().__init__(message)
        self.message = str(message)
        self.status = status
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.message} ({self.detail})" if self.detail else self.message


class Unavailable(IntegrationError):
    """No answer, a time-out, HTTP 5xx or 429: the other side may recover."""

    temporary = True


class Rejected(IntegrationError):
    """The other side answered and refused the request (HTTP 4xx or an error code)."""
