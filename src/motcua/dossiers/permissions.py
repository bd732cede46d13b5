"""Who may see a dossier and who may perform which action — the one table (ADR 0005).

Scope of an official: the agencies of their active, in-force memberships and every unit below.
An official sees a dossier when its receiving agency, settling agency or the agency of any of its
tasks is in scope; a province administrator sees all dossiers; a citizen sees the dossiers they
own (``Dossier.owner``). Matching by ID number alone is not used: accounts carry no proof that
their ID number was verified, so the desk links a counter dossier to an account explicitly.

An action is allowed when one *grant* in ``GRANTS`` matches:

- ``Where.RECEIVING`` / ``Where.SETTLING``: the actor holds one of the roles in scope of the
  dossier's receiving desk / settling agency;
- ``Where.HANDLER``: the actor handles the current step task — it is assigned to them, or it is
  unassigned and they hold the step's role in scope of its unit — and the step's role is one of
  the grant's roles, and (when the grant names ``ProcessAction``s) the step allows one of them
  (a step listing no actions allows all);
- ``Where.TASK_UNIT``: the actor holds one of the roles in scope of the current step's unit
  (leaders assigning work);
- ``Where.LEG``: the actor is in scope of an open consultation / inter-agency task's unit (and is
  its assignee, if it has one);
- ``Where.OWNER``: the actor owns the dossier (citizen actions; ``online_only`` restricts them
  to dossiers filed online).

``actor=None`` is the system itself (integrations, timers); it is never reachable from the API.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Membership, Role
from motcua.catalog.models import ProcessAction
from motcua.directory.models import Agency

from .models import Dossier, Task
from .states import Action


class Where(enum.Enum):
    RECEIVING = "receiving"
    SETTLING = "settling"
    HANDLER = "handler"
    TASK_UNIT = "task_unit"
    LEG = "leg"
    OWNER = "owner"


@dataclass(frozen=True)
class Grant:
    where: Where
    roles: frozenset[str] = frozenset()
    step_actions: tuple[str, ...] = ()  # the step must allow one of these (if it lists any)
    online_only: bool = False


def _g(where: Where, *roles: str, step_action=(), online_only=False) -> Grant:
    actions = (step_action,) if isinstance(step_action, str) else tuple(step_action)
    return Grant(where, frozenset(roles), actions, online_only)


R = Role
ALL_STEP_ROLES = (
    R.RECEPTION,
    R.SPECIALIST,
    R.DIVISION_LEADER,
    R.AGENCY_LEADER,
    R.CLERK,
)
LEADERS = (R.DIVISION_LEADER, R.AGENCY_LEADER)
PA = ProcessAction

GRANTS: dict[str, tuple[Grant, ...]] = {
    Action.SUBMIT: (_g(Where.RECEIVING, R.RECEPTION), _g(Where.OWNER)),
    Action.RESUBMIT: (_g(Where.OWNER, online_only=True),),
    Action.AMEND: (_g(Where.OWNER, online_only=True),),
    Action.RECEIVE: (_g(Where.RECEIVING, R.RECEPTION),),
    Action.REQUEST_INTAKE_FIX: (_g(Where.RECEIVING, R.RECEPTION),),
    Action.REFUSE_RECEPTION: (_g(Where.RECEIVING, R.RECEPTION),),
    Action.ASSIGN: (_g(Where.TASK_UNIT, *LEADERS),),
    Action.FORWARD: (_g(Where.HANDLER, *ALL_STEP_ROLES),),
    Action.RETURN_BACK: (_g(Where.HANDLER, *ALL_STEP_ROLES, step_action=PA.RETURN_BACK),),
    Action.CONSULT: (_g(Where.HANDLER, R.SPECIALIST, *LEADERS, step_action=PA.CONSULT),),
    Action.ANSWER_CONSULTATION: (_g(Where.LEG),),
    Action.TRANSFER: (
        _g(Where.HANDLER, R.SPECIALIST, *LEADERS, step_action=PA.TRANSFER),
        _g(Where.RECEIVING, R.RECEPTION),
    ),
    Action.COMPLETE_TRANSFER: (_g(Where.LEG),),
    # A step that lets its leader sign also lets them approve: signing is the decision.
    Action.APPROVE: (_g(Where.HANDLER, *LEADERS, step_action=(PA.APPROVE, PA.SIGN)),),
    Action.RECORD_RESULT: (_g(Where.HANDLER, R.SPECIALIST, R.CLERK, *LEADERS),),
    Action.SIGN_RESULT: (_g(Where.HANDLER, *LEADERS, step_action=PA.SIGN),),
    Action.REFUSE_AFTER_APPRAISAL: (_g(Where.HANDLER, *LEADERS, step_action=PA.REFUSE),),
    Action.REQUEST_SUPPLEMENT: (
        _g(Where.HANDLER, R.SPECIALIST, *LEADERS, step_action=PA.REQUEST_SUPPLEMENT),
    ),
    Action.RECEIVE_SUPPLEMENT: (
        _g(Where.RECEIVING, R.RECEPTION),
        _g(Where.OWNER, online_only=True),
    ),
    Action.CLOSE_MISSING_SUPPLEMENT: (),  # the system only (run_timers)
    Action.REQUEST_PAYMENT: (
        _g(Where.HANDLER, R.SPECIALIST, R.CLERK, *LEADERS, step_action=PA.REQUEST_PAYMENT),
    ),
    Action.RECORD_PAYMENT: (
        _g(Where.RECEIVING, R.RECEPTION, R.CLERK),
        _g(Where.SETTLING, R.CLERK),
    ),
    Action.EXTEND: (_g(Where.SETTLING, R.AGENCY_LEADER),),
    Action.STOP: (_g(Where.SETTLING, R.AGENCY_LEADER),),
    Action.STOP_AT_APPLICANT_REQUEST: (
        _g(Where.RECEIVING, R.RECEPTION),
        _g(Where.OWNER),
    ),
    Action.REQUEST_WITHDRAWAL: (_g(Where.RECEIVING, R.RECEPTION), _g(Where.OWNER)),
    Action.CONFIRM_WITHDRAWAL: (_g(Where.RECEIVING, R.RECEPTION),),
    Action.FINISH: (_g(Where.HANDLER, R.CLERK, R.SPECIALIST, *LEADERS, step_action=PA.FINISH),),
    Action.RETURN_RESULT: (_g(Where.RECEIVING, R.RECEPTION, R.CLERK),),
}


class Scope:
    """An official's memberships, resolved once per request (cached on the user object)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def memberships(self) -> list[tuple[str, int, frozenset[int]]]:
        """(role, membership agency id, ids of that agency and every unit below it)."""
        if not getattr(self.user, "is_authenticated", False):
            return []
        today = timezone.localdate()
        rows = Membership.objects.filter(user=self.user, is_active=True).in_force(today)
        return [
            (m.role, m.agency_id, frozenset(m.agency.descendant_ids()))
            for m in rows.select_related("agency")
        ]

    @cached_property
    def agency_ids(self) -> frozenset[int]:
        ids: set[int] = set()
        for _role, _agency, below in self.memberships:
            ids |= below
        return frozenset(ids)

    @cached_property
    def is_province_admin(self) -> bool:
        return any(role == Role.PROVINCE_ADMIN for role, _a, _b in self.memberships)

    def role_in(self, agency_id: int, roles) -> tuple[str, int] | None:
        """(role, membership agency id) of the first membership holding one of ``roles`` over
        ``agency_id``, or None."""
        for role, membership_agency, below in self.memberships:
            if role in roles and agency_id in below:
                return role, membership_agency
        return None


def scope_of(user) -> Scope:
    if user is None:
        return Scope(None)
    scope = getattr(user, "_motcua_scope", None)
    if scope is None:
        scope = Scope(user)
        user._motcua_scope = scope
    return scope


def is_official(user) -> bool:
    """Signed in and holding a role in some unit today (or a superuser)."""
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or bool(scope_of(user).memberships)
    )


def visible_filter(user) -> Q | None:
    """A ``Q`` on ``Dossier`` for what ``user`` may see; ``None`` means everything."""
    if user is None or getattr(user, "is_superuser", False):
        return None
    scope = scope_of(user)
    if scope.is_province_admin:
        return None
    q = Q(owner_id=user.pk) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    if scope.agency_ids:
        ids = scope.agency_ids
        q |= Q(receiving_agency_id__in=ids) | Q(settling_agency_id__in=ids)
        q |= Q(pk__in=Task.objects.filter(agency_id__in=ids).values("dossier_id"))
    return q


def can_view(user, dossier: Dossier) -> bool:
    q = visible_filter(user)
    return q is None or Dossier.objects.filter(q, pk=dossier.pk).exists()


@dataclass
class Authorisation:
    """Why an actor may act: the role and unit recorded in the history, and their task."""

    role: str = ""
    unit_id: int | None = None
    task: Task | None = None


def current_step(dossier: Dossier) -> Task | None:
    """The open step task (at most one exists, enforced by a constraint)."""
    cache = getattr(dossier, "_current_step", False)
    if cache is False:
        cache = (
            dossier.tasks.filter(kind=Task.Kind.STEP, status=Task.Status.OPEN)
            .select_related("process_step", "agency", "assignee")
            .first()
        )
        dossier._current_step = cache
    return cache


def open_legs(dossier: Dossier, kind: str) -> list[Task]:
    return list(dossier.tasks.filter(kind=kind, status=Task.Status.OPEN).select_related("agency"))


def _handler_grant(grant: Grant, dossier: Dossier, actor, scope: Scope) -> Authorisation | None:
    task = current_step(dossier)
    if task is None or task.role not in grant.roles:
        return None
    if task.assignee_id is not None and task.assignee_id != actor.pk:
        return None
    held = scope.role_in(task.agency_id, {task.role})
    if held is None:
        return None
    if grant.step_actions and task.process_step is not None:
        allowed = task.process_step.allowed_actions or []
        if allowed and not set(grant.step_actions) & set(allowed):
            return None
    return Authorisation(held[0], held[1], task)


def _leg_grant(dossier: Dossier, actor, scope: Scope, kind: str) -> Authorisation | None:
    for task in open_legs(dossier, kind):
        if task.assignee_id not in (None, actor.pk):
            continue
        held = scope.role_in(task.agency_id, Role.values)
        if held is not None:
            return Authorisation(held[0], held[1], task)
    return None


def authorise(action: str, dossier: Dossier, actor) -> Authorisation:
    """Return how ``actor`` may perform ``action`` on ``dossier`` or raise ``PermissionDenied``
    with a Vietnamese reason."""
    if actor is None:
        return Authorisation()
    grants = GRANTS[action]
    scope = scope_of(actor)
    for grant in grants:
        auth = _match(grant, action, dossier, actor, scope)
        if auth is not None:
            return auth
    raise PermissionDenied(
        _("Bạn không có quyền thực hiện thao tác “%(action)s” đối với hồ sơ %(code)s.")
        % {"action": Action(action).label, "code": dossier.code}
    )


def _match(grant: Grant, action: str, dossier: Dossier, actor, scope: Scope):
    if grant.where is Where.OWNER:
        owns = dossier.owner_id is not None and dossier.owner_id == actor.pk
        return Authorisation() if owns and (dossier.is_online or not grant.online_only) else None
    if grant.where is Where.RECEIVING:
        held = scope.role_in(dossier.receiving_agency_id, grant.roles)
    elif grant.where is Where.SETTLING:
        held = scope.role_in(dossier.settling_agency_id, grant.roles)
    elif grant.where is Where.TASK_UNIT:
        task = current_step(dossier)
        held = scope.role_in(task.agency_id, grant.roles) if task else None
        if held:
            return Authorisation(held[0], held[1], task)
        return None
    elif grant.where is Where.HANDLER:
        return _handler_grant(grant, dossier, actor, scope)
    else:  # Where.LEG
        kind = (
            Task.Kind.CONSULTATION if action == Action.ANSWER_CONSULTATION else Task.Kind.TRANSFER
        )
        return _leg_grant(dossier, actor, scope, kind)
    return Authorisation(held[0], held[1]) if held else None


def can_act_on_leg(actor, task: Task) -> Authorisation | None:
    """How ``actor`` may answer the consultation / complete the transfer leg ``task``."""
    if actor is None:
        return Authorisation(task=task)
    if task.assignee_id not in (None, actor.pk):
        return None
    held = scope_of(actor).role_in(task.agency_id, Role.values)
    return Authorisation(held[0], held[1], task) if held else None


def holds_role(user, agency: Agency, roles) -> bool:
    """Whether ``user`` holds one of ``roles`` over ``agency`` (used to validate assignees)."""
    return scope_of(user).role_in(agency.pk, roles) is not None
