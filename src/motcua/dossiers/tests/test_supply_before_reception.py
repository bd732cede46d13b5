"""A counter dossier registered with a request to complete it (Mẫu 02) is received later, when the
applicant brings the missing papers: ``receive(components=…)`` settles the missing components and
receives in one transaction; papers still missing refuse the reception and change nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from motcua.dossiers import services as s
from motcua.dossiers.models import DossierComponent, DossierFile, SupplementRequest
from motcua.dossiers.states import State

from .world import Clock, applicant, v

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def intake_fix_at_counter(world, clock):
    """Registered at the counter with the birth certificate missing, Mẫu 02 handed over."""
    components = [
        s.ComponentData(name=r.name, requirement_id=r.pk, form=r.form, quantity=r.quantity)
        for r in world.version.components.order_by("sort_order", "id")
    ]
    components[1].status = DossierComponent.Status.MISSING
    d = s.submit(
        actor=world.reception,
        procedure_version=world.version,
        case=world.case,
        channel="counter",
        receiving_agency=world.desk,
        applicant=applicant(),
        components=components,
        now=clock.tick(),
    )
    return s.request_intake_fix(
        d,
        actor=world.reception,
        **v(d),
        items=["Giấy chứng sinh", "Bản sao sổ hộ khẩu"],
        reason="Thiếu giấy chứng sinh.",
        now=clock.tick(),
    )


@pytest.mark.criterion("PL2-2.1", "PL2-2.4")
def test_papers_brought_later_are_recorded_and_the_dossier_received_in_one_step(world):
    clock = Clock()
    d = intake_fix_at_counter(world, clock)
    missing = d.components.get(status=DossierComponent.Status.MISSING)
    d = s.receive(
        d,
        actor=world.reception,
        **v(d),
        components=[
            s.ComponentData(
                name=missing.name,
                requirement_id=missing.requirement_id,
                form="certified_copy",
                quantity=2,
                files=[ContentFile(PDF, name="giay-chung-sinh.pdf")],
            ),
            s.ComponentData(name="Bản sao sổ hộ khẩu"),
        ],
        now=clock.tick(),
    )
    assert (d.state, d.national_status) == (State.RECEIVED, 2)
    assert d.due_at is not None
    missing.refresh_from_db()
    assert (missing.status, missing.form, missing.quantity, missing.digitised) == (
        DossierComponent.Status.SUPPLEMENTED,
        "certified_copy",
        2,
        True,
    )
    assert DossierFile.objects.get(component=missing).original_name == "giay-chung-sinh.pdf"
    added = d.components.get(name="Bản sao sổ hộ khẩu")
    assert added.status == DossierComponent.Status.SUPPLEMENTED
    assert d.components.count() == 3
    assert d.supplements.get().status == SupplementRequest.Status.ANSWERED
    entry = d.history.get(action="receive")
    assert entry.data["supplied"] == ["Giấy chứng sinh", "Bản sao sổ hộ khẩu"]


def test_papers_still_missing_refuse_the_reception_and_change_nothing(world):
    clock = Clock()
    d = intake_fix_at_counter(world, clock)
    with pytest.raises(ValidationError, match="còn thiếu thành phần"):
        s.receive(
            d,
            actor=world.reception,
            **v(d),
            components=[
                s.ComponentData(
                    name="Bản sao sổ hộ khẩu", files=[ContentFile(PDF, name="ho-khau.pdf")]
                )
            ],
            now=clock.tick(),
        )
    d.refresh_from_db()
    assert d.state == State.INTAKE_FIX_REQUESTED
    assert d.components.count() == 2 and not DossierFile.objects.exists()
    assert d.components.filter(status=DossierComponent.Status.MISSING).count() == 1
