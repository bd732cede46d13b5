"""The checklist of components, shared by the counter reception and by the reception of a dossier
whose missing papers are brought later (after a Mẫu 02 handed over at the counter): per paper
its form (bản chính, bản sao…), quantity and status, with the scans kept across a refused form."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ComponentRequirement
from motcua.dossiers.models import DossierComponent

from .models import StashedUpload

SKIP = "skip"  # an optional component the applicant did not bring
RECEIVED, MISSING = DossierComponent.Status.RECEIVED, DossierComponent.Status.MISSING


@dataclass
class ChecklistRow:
    """One paper of the checklist as the template shows it."""

    name: str
    index: int
    form: BoundField
    quantity: BoundField
    status: BoundField
    required: bool = True
    kept: list[StashedUpload] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def add_checklist_fields(
    form: forms.Form,
    index: int,
    *,
    paper_form: str,
    quantity: int,
    status: str = RECEIVED,
    optional: bool = False,
) -> None:
    """Add ``form_<i>``, ``quantity_<i>`` and ``status_<i>`` for paper ``index`` to ``form``."""
    statuses = [(RECEIVED, _("Đã nhận")), (MISSING, _("Còn thiếu"))]
    if optional:
        statuses.append((SKIP, _("Không nộp (không bắt buộc)")))
    form.fields[f"form_{index}"] = forms.ChoiceField(
        label=_("Hình thức"), choices=ComponentRequirement.Form, initial=paper_form
    )
    form.fields[f"quantity_{index}"] = forms.IntegerField(
        label=_("Số lượng"), min_value=0, max_value=99, initial=quantity
    )
    form.fields[f"status_{index}"] = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=statuses,
        initial=SKIP if optional else status,
        widget=forms.RadioSelect,
    )


def checklist_rows(form: forms.Form, papers: list[tuple[str, bool]]) -> list[ChecklistRow]:
    """The rows of ``papers`` — (name, required) in checklist order — without their files."""
    return [
        ChecklistRow(
            name=name,
            index=i,
            form=form[f"form_{i}"],
            quantity=form[f"quantity_{i}"],
            status=form[f"status_{i}"],
            required=required,
        )
        for i, (name, required) in enumerate(papers)
    ]


def missing_papers(form: forms.Form, names: list[str]) -> list[str]:
    """The papers of a validated form still marked missing."""
    return [name for i, name in enumerate(names) if form.cleaned_data.get(f"status_{i}") == MISSING]
