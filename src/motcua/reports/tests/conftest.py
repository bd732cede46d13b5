"""A hand-built month of dossiers (March 2026), taken through the lifecycle services; the
statistics are kept up to date by the dossier events, as in production.

The world's procedure has a time limit of 3 working days; working hours 7:00–11:30 and
13:30–17:00 (8 hours a day); March 2026 has no holiday (1 March is a Sunday). Each dossier:

====  ==========================================================  ==========================
name  path                                                        March figures
====  ==========================================================  ==========================
I     received Thu 26/2 9:00 (due Tue 3/3 9:00), done Mon 2/3     carried over; early
A     received Mon 2/3, done Tue 3/3 (due Thu 5/3)                early
B     received Mon 2/3 9:00, done Thu 5/3 8:00 (due 9:00 that day) on time (the due date)
C     received Mon 2/3, done Fri 6/3                              late
D     received Mon 2/3 9:00; supplement asked Tue 3/3 9:00,        early: the 5 working days
      supplied Tue 10/3 9:00 (due moves 5/3 → 12/3); done 11/3     the citizen took are
                                                                  subtracted
E     received Mon 2/3; supplements asked twice (3/3, 4/3), both   late: a second request
      supplied; done Thu 5/3 8:30, before the due moment           counts as overdue
F     received Mon 2/3, still processing on 31/3 (due 5/3)        in progress, overdue
G     received Mon 30/3 9:00 (due Thu 2/4), processing            in progress, within time
H     received Wed 25/3 (due Mon 30/3); supplement asked Thu       in progress, within time:
      26/3, not yet supplied                                      judged at the request
J     filed online Mon 2/3, refused at the desk                   not received
K     received Mon 2/3, stopped by the agency Tue 3/3             ended (stopped), early
====  ==========================================================  ==========================
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from motcua.dossiers import services as s
from motcua.dossiers.tests.world import HCM, World, build_world, counter_dossier, online_dossier, v


def at(day: int, hour: int = 9, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=HCM)


class Clock:
    """``counter_dossier`` ticks a clock; this one stays where it is told."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def tick(self, minutes: int = 0) -> dt.datetime:
        return self.now


@dataclass
class March:
    world: World
    dossiers: dict


def receive(world: World, when: dt.datetime, **kw):
    return counter_dossier(world, Clock(when), now=when, **kw)


def assign(world: World, d, when):
    return s.forward(d, actor=world.division_leader, **v(d), assignee=world.specialist, now=when)


def finish(world: World, d, when: dt.datetime, *, started=False, file=None, payment=None):
    """Take ``d`` from reception (or from the specialist's step) to finished at ``when``."""
    w = world
    minutes = dt.timedelta(minutes=1)
    if not started:
        d = assign(w, d, when - 6 * minutes)
    d = s.forward(d, actor=w.specialist, **v(d), now=when - 5 * minutes)
    d = s.approve(d, actor=w.agency_leader, **v(d), now=when - 4 * minutes)
    d = s.record_result(
        d,
        actor=w.agency_leader,
        **v(d),
        result_type_id=w.version.result_types.first().pk,
        document_number="1/KQ",
        file=file,
        now=when - 3 * minutes,
    )
    d = s.forward(d, actor=w.agency_leader, **v(d), now=when - 2 * minutes)
    d = s.record_payment(
        d,
        actor=w.reception,
        **v(d),
        payment=payment or s.PaymentData("cash", "BL-1"),
        now=when - minutes,
    )
    return s.finish(d, actor=w.clerk, **v(d), now=when)


def ask(world: World, d, when):
    return s.request_supplement(
        d, actor=world.specialist, **v(d), items=["Giấy chứng sinh"], reason="Thiếu", now=when
    )


def supply(world: World, d, when):
    return s.receive_supplement(d, actor=world.reception, **v(d), now=when)


def build_march(world: World) -> dict:
    w = world
    out = {}
    out["I"] = finish(w, receive(w, at(26, month=2)), at(2, 10))
    out["A"] = finish(w, receive(w, at(2, 9, 5)), at(3, 10))
    out["B"] = finish(w, receive(w, at(2, 9, 0)), at(5, 8, 0))
    out["C"] = finish(w, receive(w, at(2, 9, 10)), at(6, 10))
    d = assign(w, receive(w, at(2, 9, 0)), at(2, 9, 30))
    d = supply(w, ask(w, d, at(3, 9)), at(10, 9))
    out["D"] = finish(w, d, at(11, 10), started=True)
    d = assign(w, receive(w, at(2, 9, 20)), at(2, 9, 30))
    d = supply(w, ask(w, d, at(3, 9)), at(3, 14))
    d = supply(w, ask(w, d, at(4, 9)), at(4, 10))
    out["E"] = finish(w, d, at(5, 8, 30), started=True)
    out["F"] = assign(w, receive(w, at(2, 9, 30)), at(2, 10))
    out["G"] = assign(w, receive(w, at(30, 9)), at(30, 10))
    out["H"] = ask(w, assign(w, receive(w, at(25, 9)), at(25, 10)), at(26, 9))
    d = online_dossier(w, Clock(at(2, 8)), now=at(2, 8))
    out["J"] = s.refuse_reception(d, actor=w.reception, **v(d), reason="Sai", now=at(2, 10))
    d = assign(w, receive(w, at(2, 9, 40)), at(2, 10))
    out["K"] = s.stop(d, actor=w.agency_leader, **v(d), reason="Dừng", now=at(3, 10))
    return out


@pytest.fixture
def march(db, django_capture_on_commit_callbacks) -> March:
    world = build_world()
    with django_capture_on_commit_callbacks(execute=True):
        dossiers = build_march(world)
    return March(world, dossiers)


@pytest.fixture
def march_766(db, django_capture_on_commit_callbacks) -> March:
    """March, with the procedure offered fully online to citizens, plus:

    - L: filed online Mon 9/3 8:00, received 9:00, finished Tue 10/3 with an electronic result
      file and the fee paid online (early);
    - ratings: A “unsatisfied” (a complaint) on 4/3, C “satisfied” on 7/3, both of the desk's
      reception officer;
    - feedback: one received 4/3, accepted 5/3, answered and published 20/3 (on time) but the
      sender is not satisfied; one received 9/3 and never accepted (late by 11/3).
    """
    from django.core.files.base import ContentFile

    from motcua.catalog.models import ProcedureVersion
    from motcua.feedback import services as fb

    world = build_world()
    # Test set-up: the published (frozen) version is changed under the model's guard.
    ProcedureVersion.objects.filter(pk=world.version.pk).update(
        online_level="full", target_groups=["citizen"]
    )
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        dossiers = build_march(world)
        d = online_dossier(w, Clock(at(9, 8)), now=at(9, 8))
        d = s.receive(d, actor=w.reception, **v(d), now=at(9, 9))
        dossiers["L"] = finish(
            w,
            d,
            at(10, 10),
            file=ContentFile(b"%PDF-1.4 ket qua", name="kq.pdf"),
            payment=s.PaymentData("vnpay", "GD-1", paid_online=True, online_channel="vnpay"),
        )
        fb.record_rating(
            dossiers["A"],
            fb.RatingData(
                overall="unsatisfied",
                channel="kiosk",
                indices={"contacts": 2, "bodies": 1, "publicity": 2, "attitude": 0},
            ),
            staff=w.reception,
            now=at(4, 10),
        )
        fb.record_rating(
            dossiers["C"],
            fb.RatingData(
                overall="satisfied",
                channel="portal",
                indices={"contacts": 1, "bodies": 1, "publicity": 1, "attitude": 1},
            ),
            staff=w.reception,
            now=at(7, 10),
        )
        first = fb.receive_feedback(
            agency=w.department,
            channel="portal",
            kind="processing",
            subject="Chậm trả kết quả",
            content="Đề nghị kiểm tra.",
            sender_name="Nguyễn Văn An",
            dossier=dossiers["A"],
            now=at(4, 9),
        )
        fb.accept_feedback(first, now=at(5, 9))
        fb.answer_feedback(first, answer="Đã kiểm tra.", outcome="explained", now=at(20, 9))
        fb.record_sender_satisfaction(first, False)
        fb.receive_feedback(
            agency=w.division,
            channel="paper",
            kind="conduct",
            subject="Thái độ cán bộ",
            content="Phản ánh thái độ.",
            sender_name="Trần Thị Bình",
            now=at(9, 9),
        )
    return March(world, dossiers)
