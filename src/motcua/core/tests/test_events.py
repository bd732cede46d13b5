import pytest
from django.db import transaction

from motcua.core import events


@pytest.fixture
def received():
    seen = []

    def handler(event):
        seen.append(event)

    events.subscribe("thing.done")(handler)
    yield seen
    events.unsubscribe("thing.done", handler)


@pytest.mark.django_db(transaction=True)
def test_handlers_run_after_commit_only(received):
    with transaction.atomic():
        events.publish("thing.done", thing_id=1)
        assert received == []
    assert [e["thing_id"] for e in received] == [1]


@pytest.mark.django_db(transaction=True)
def test_rolled_back_events_are_dropped(received):
    with pytest.raises(RuntimeError), transaction.atomic():
        events.publish("thing.done", thing_id=2)
        raise RuntimeError("boom")
    assert received == []


@pytest.mark.django_db(transaction=True)
def test_failing_handler_does_not_stop_others(received, caplog):
    def broken(event):
        raise ValueError("broken handler")

    events.subscribe("thing.done")(broken)
    try:
        with transaction.atomic():
            events.publish("thing.done", thing_id=3)
    finally:
        events.unsubscribe("thing.done", broken)
    assert [e["thing_id"] for e in received] == [3]
    assert "broken handler" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_capture_collects_by_prefix():
    with events.capture("thing.") as seen:
        events.publish("thing.done", thing_id=4)
        events.publish("other.done")
    assert [e.name for e in seen] == ["thing.done"]


def test_subscribing_twice_registers_once(received):
    def handler(event):
        pass

    events.subscribe("x")(handler)
    events.subscribe("x")(handler)
    assert events._handlers["x"].count(handler) == 1
    events.unsubscribe("x", handler)


@pytest.mark.django_db(transaction=True)
def test_detached_runs_without_subscribers_and_restores_them(received):
    with events.detached():
        events.publish("thing.done", thing_id=5)
    events.publish("thing.done", thing_id=6)
    assert [e["thing_id"] for e in received] == [6]
