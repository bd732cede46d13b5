"""Dossier components and their files, shared by submission, resubmission, amendment and
supplements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from motcua.catalog.models import ComponentRequirement

from ..models import Dossier, DossierComponent
from .files import attach_file
from .inputs import ComponentData


def required_components(dossier: Dossier) -> list[ComponentData]:
    """The case's required components, as the desk checks them at the counter."""
    return [
        ComponentData(name=r.name, requirement_id=r.pk, form=r.form, quantity=r.quantity)
        for r in ComponentRequirement.objects.filter(
            version_id=dossier.procedure_version_id, required=True
        )
        if r.case_id in (None, dossier.case_id)
    ]


def store_components(
    dossier: Dossier,
    components: Sequence[ComponentData],
    *,
    actor,
    now: dt.datetime,
    supplemented: bool = False,
) -> None:
    """Create the components (marked as supplemented when added after submission) and store
    their files."""
    offset = dossier.components.count() if supplemented else 0
    for index, data in enumerate(components):
        component = DossierComponent.objects.create(
            dossier=dossier,
            requirement_id=data.requirement_id,
            name=data.name,
            form=data.form,
            quantity=data.quantity,
            status=DossierComponent.Status.SUPPLEMENTED if supplemented else data.status,
            digitised=data.digitised or bool(data.files),
            reused_from_result=data.reused_from_result,
            from_citizen_store=data.from_citizen_store,
            result_code_substitute=data.result_code_substitute,
            sort_order=offset + index,
        )
        for upload in data.files:
            attach_file(component, upload, by=actor, at=now)


def supply_missing(
    dossier: Dossier, components: Sequence[ComponentData], *, actor, now: dt.datetime
) -> list[str]:
    """Papers brought to the desk before reception, after a request to complete the dossier
    (Mẫu 02) handed over at the counter: a component still marked missing — matched by its
    requirement, else by name — becomes supplemented with its form, quantity and files;
    anything else brought is added as a supplemented component. Returns the names supplied."""
    missing = list(dossier.components.filter(status=DossierComponent.Status.MISSING))
    extra = []
    for data in components:
        match = next(
            (
                c
                for c in missing
                if (data.requirement_id and c.requirement_id == data.requirement_id)
                or (not data.requirement_id and c.name == data.name)
            ),
            None,
        )
        if match is None:
            extra.append(data)
            continue
        missing.remove(match)
        match.status = DossierComponent.Status.SUPPLEMENTED
        match.form = data.form or match.form
        match.quantity = data.quantity
        match.digitised = match.digitised or data.digitised or bool(data.files)
        match.save(update_fields=["status", "form", "quantity", "digitised"])
        for upload in data.files:
            attach_file(match, upload, by=actor, at=now)
    store_components(dossier, extra, actor=actor, now=now, supplemented=True)
    return [c.name for c in components]


def clean_items(items: Sequence[str]) -> list[str]:
    """The non-blank lines of a supplement request's list of missing documents."""
    return [i.strip() for i in items if i and i.strip()]
