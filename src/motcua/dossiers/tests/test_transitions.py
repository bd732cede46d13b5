"""Every action in every status it is not allowed in: a clear error naming both, nothing
written."""

import pytest

from motcua.dossiers.exceptions import TransitionError
from motcua.dossiers.states import ALLOWED_FROM, Action, State

from .calls import calls
from .world import Clock, drive


def test_every_action_has_a_call_and_a_transition_rule(world):
    assert set(calls(world)) | {Action.SUBMIT} == set(Action.values) == set(ALLOWED_FROM)


@pytest.mark.criterion("D4.1", "PL2-7")
@pytest.mark.parametrize("state", State.values)
def test_forbidden_transitions_give_a_clear_error(world, state):
    clock = Clock()
    dossier = drive(world, clock, state)
    assert dossier.state == state
    history = dossier.history.count()
    failures = []
    for action, call in calls(world).items():
        if state in ALLOWED_FROM[action]:
            continue
        with pytest.raises(TransitionError) as info:
            call(dossier, world.reception, clock.tick())
        message = info.value.message
        if str(State(state).label) not in message or str(Action(action).label) not in message:
            failures.append((action, message))
        dossier.refresh_from_db()
        assert dossier.state == state
    assert failures == []
    assert dossier.history.count() == history
