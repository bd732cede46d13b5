"""Who may rate a dossier and who handles feedback — checked by the services, used by the views
and the menus.

- A dossier is rated by its owner on the portal, or at the desk on a tablet that an official who
  returns results there (reception, clerk of the receiving desk) opens for it.
- Feedback is handled by the leaders, the clerk's office and the administrators of the agency it
  is addressed to (and of every unit below it); a province administrator handles all of it.
"""

from __future__ import annotations

from motcua.accounts.models import Role
from motcua.backoffice.access import units_for
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import scope_of

from .models import Feedback

COUNTER_ROLES = frozenset({Role.RECEPTION, Role.CLERK})
HANDLER_ROLES = frozenset(
    {
        Role.AGENCY_LEADER,
        Role.DIVISION_LEADER,
        Role.CLERK,
        Role.CENTRE_ADMIN,
        Role.PROVINCE_ADMIN,
    }
)


def is_owner(user, dossier: Dossier) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and dossier.owner_id == user.pk


def may_record_at_counter(user, dossier: Dossier) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    scope = scope_of(user)
    if user.is_superuser or scope.is_province_admin:
        return True
    return scope.role_in(dossier.receiving_agency_id, COUNTER_ROLES) is not None


def handled_agencies(user) -> frozenset[int] | None:
    """Ids of the agencies whose feedback ``user`` handles; ``None``: all of them."""
    return units_for(user, HANDLER_ROLES)


def may_handle(user, item: Feedback) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    agencies = handled_agencies(user)
    return agencies is None or item.agency_id in agencies
