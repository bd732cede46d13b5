"""What a user may do with a dossier now — the back office shows only these actions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ..exceptions import TransitionError
from ..models import Dossier
from ..states import Action
from ._base import Act, check

# Performed by the system only, or creating a dossier: never offered on a dossier page.
_NOT_OFFERED = frozenset({Action.SUBMIT, Action.CLOSE_MISSING_SUPPLEMENT})


def available_actions(dossier: Dossier, user) -> list[str]:
    """The actions ``user`` may perform on ``dossier`` now, by the same checks the services
    run (transition, permission, preconditions); input validation comes on submission."""
    now = timezone.now()
    allowed = []
    for action in Action.values:
        if action in _NOT_OFFERED:
            continue
        act = Act(action, dossier, user, now, state_before=dossier.state)
        try:
            check(act)
        except (TransitionError, PermissionDenied):
            continue
        allowed.append(action)
    return allowed
