"""Errors raised by the lifecycle services, besides Django's ``ValidationError`` and
``PermissionDenied``. Messages are Vietnamese (translated by Django i18n)."""

from django.utils.translation import gettext as _


class LifecycleError(Exception):
    """Base class; ``message`` is safe to show to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ConflictError(LifecycleError):
    """The dossier changed since the caller read it (optimistic locking)."""

    def __init__(self, message: str | None = None):
        super().__init__(message or _("Hồ sơ vừa được người khác cập nhật, vui lòng tải lại."))


class TransitionError(LifecycleError):
    """The action is not possible in the dossier's current status."""
