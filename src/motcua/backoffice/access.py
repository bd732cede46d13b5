"""Who may enter the back office and which units each role covers.

Roles and scope come from ``accounts.Membership`` through ``dossiers.permissions.scope_of`` (one
query per request, cached on the user): an official holds a role over the unit of their
membership and every unit below it. Whether an action on a dossier is allowed is never decided
here — the lifecycle services and ``available_actions`` do that.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from motcua.dossiers.permissions import is_official, scope_of


def roles_of(user) -> frozenset[str]:
    """The roles ``user`` holds in any unit today (empty for citizens)."""
    return frozenset(role for role, _agency, _below in scope_of(user).memberships)


def units_for(user, roles: Iterable[str]) -> frozenset[int] | None:
    """Ids of the units where ``user`` holds one of ``roles`` (with the units below them);
    ``None`` means every unit (superuser, province administrator)."""
    scope = scope_of(user)
    if user.is_superuser or scope.is_province_admin:
        return None
    wanted = set(roles)
    ids: set[int] = set()
    for role, _agency, below in scope.memberships:
        if role in wanted:
            ids |= below
    return frozenset(ids)


def official_required(view=None, *, roles: Iterable[str] | None = None):
    """Signed in (else the login page) and an official (else 403); with ``roles``, holding one
    of them somewhere (superusers and province administrators pass)."""

    def decorate(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not is_official(user):
                raise PermissionDenied(_("Trang này chỉ dành cho cán bộ, công chức."))
            if roles is not None and units_for(user, roles) == frozenset():
                raise PermissionDenied(_("Bạn không có vai trò được dùng chức năng này."))
            return func(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
