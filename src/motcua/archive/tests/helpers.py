"""Closed dossiers for the archive's tests, driven through the lifecycle services."""

from __future__ import annotations

from django.core.files.base import ContentFile

from motcua.dossiers import services as s
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.world import Clock, World, counter_dossier, v

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RESULT_PDF = b"%PDF-1.4\n% signed result\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def returned_with_files(world: World, clock: Clock) -> Dossier:
    """A counter dossier with a scanned component, processed to a result file and returned."""
    w = world
    d = counter_dossier(
        w,
        clock,
        components=[
            s.ComponentData("Tờ khai đăng ký khai sinh", files=[ContentFile(PDF, "tờ khai.pdf")])
        ],
    )
    d = s.forward(d, actor=w.division_leader, **v(d), assignee=w.specialist, now=clock.tick())
    d = s.forward(d, actor=w.specialist, **v(d), now=clock.tick())
    d = s.approve(d, actor=w.agency_leader, **v(d), now=clock.tick())
    d = s.record_result(
        d,
        actor=w.agency_leader,
        **v(d),
        result_type_id=w.version.result_types.first().pk,
        document_number="15/GKS",
        file=ContentFile(RESULT_PDF, "giay-khai-sinh.pdf"),
        now=clock.tick(),
    )
    d = s.forward(d, actor=w.agency_leader, **v(d), now=clock.tick())
    d = s.record_payment(
        d, actor=w.reception, **v(d), payment=s.PaymentData("cash", "BL-1"), now=clock.tick()
    )
    d = s.finish(d, actor=w.clerk, **v(d), now=clock.tick())
    return s.return_result(
        d, actor=w.reception, **v(d), early_return_notified=True, now=clock.tick()
    )
