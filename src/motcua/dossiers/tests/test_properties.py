"""Property-based test: random sequences of actions by random actors keep the invariants."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from motcua.dossiers.exceptions import TransitionError
from motcua.dossiers.models import Dossier, Task
from motcua.dossiers.services import available_actions
from motcua.dossiers.states import OPEN_STATES, TERMINAL_STATES, Action, State

from .calls import calls
from .world import HCM, Clock, drive

ACTORS = [
    "reception",
    "division_leader",
    "specialist",
    "specialist2",
    "agency_leader",
    "clerk",
    "consulted",
    "commune_reception",
    "citizen",
    "stranger",
]
ACTIONS = sorted(set(Action.values) - {Action.SUBMIT})
# Only these actions may move the due moment: reception sets it, a supplement pauses or restarts
# it, an extension replaces it.
MOVES_DUE = {Action.RECEIVE, Action.RECEIVE_SUPPLEMENT, Action.EXTEND}
PROCESSING_ACTIONS = {
    Action.ASSIGN,
    Action.FORWARD,
    Action.RETURN_BACK,
    Action.CONSULT,
    Action.TRANSFER,
    Action.APPROVE,
    Action.RECORD_RESULT,
    Action.SIGN_RESULT,
    Action.REFUSE_AFTER_APPRAISAL,
    Action.REQUEST_SUPPLEMENT,
    Action.REQUEST_PAYMENT,
    Action.EXTEND,
    Action.STOP,
    Action.FINISH,
}
CLOSED = TERMINAL_STATES | {State.FINISHED}

# A third of the steps are any action by anyone; the others pick one of the (actor, action)
# pairs currently offered by ``available_actions``, so that sequences also reach the deep states.
steps = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(ACTIONS), st.integers(0, 99), st.integers(0, 99)),
        st.sampled_from(ACTORS),
        st.integers(1, 24 * 60),
    ),
    min_size=5,
    max_size=30,
)


def _history(d: Dossier) -> list[tuple]:
    return list(
        d.history.order_by("seq").values_list(
            "seq", "action", "state_before", "state_after", "status_after", "at", "note"
        )
    )


def _check_invariants(d: Dossier) -> None:
    history = _history(d)
    assert [h[0] for h in history] == list(range(1, len(history) + 1))
    for before, after in itertools.pairwise(history):
        assert after[2] == before[3], "each entry starts where the previous one ended"
    assert history[-1][3] == d.state
    assert history[-1][4] == d.national_status == d.rule_version.national_status_for(d.state)
    open_steps = d.tasks.filter(kind=Task.Kind.STEP, status=Task.Status.OPEN).count()
    assert open_steps <= 1
    if d.state in OPEN_STATES:
        assert open_steps == 1
    if d.state in CLOSED:
        assert not d.tasks.filter(status__in=[Task.Status.OPEN, Task.Status.PENDING]).exists()
    assert d.version == len(history)


@pytest.mark.criterion("PL1-0", "D4.1", "PL2-7")
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(start=st.sampled_from(State.values), sequence=steps)
def test_random_action_sequences_keep_the_invariants(world, start, sequence):
    """Each example starts from a dossier brought to a random status through the services."""
    clock = Clock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=HCM))
    d = drive(world, clock, start)
    table = calls(world)
    for choice, actor_name, minutes in sequence:
        d = Dossier.objects.get(pk=d.pk)
        actor = world.users[actor_name]
        if isinstance(choice, int):
            offered = [(a, n) for n in ACTORS for a in available_actions(d, world.users[n])]
            if not offered:
                continue
            action, actor_name = offered[choice % len(offered)]
            actor = world.users[actor_name]
        else:
            action = choice
        event(f"{action} from {d.state}")
        before_state, before_due, before_history = d.state, d.due_at, _history(d)
        try:
            table[action](d, actor, clock.tick(minutes))
            succeeded = True
        except (TransitionError, PermissionDenied, ValidationError):
            succeeded = False
        d = Dossier.objects.get(pk=d.pk)
        _check_invariants(d)
        history = _history(d)
        assert history[: len(before_history)] == before_history, "history is never rewritten"
        if succeeded:
            assert len(history) == len(before_history) + 1
            assert history[-1][1] == action
        else:
            assert history == before_history and d.state == before_state
        if d.due_at != before_due:
            assert succeeded and action in MOVES_DUE, f"{action} moved the due moment"
        if before_state in CLOSED and action in PROCESSING_ACTIONS:
            assert not succeeded, f"{action} accepted on a {before_state} dossier"
