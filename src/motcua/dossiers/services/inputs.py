"""Typed inputs of the lifecycle services (what views, the API and integrations pass in)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files import File

from ..models import ApplicantKind, DossierComponent


@dataclass
class ApplicantData:
    name: str
    kind: str = ApplicantKind.PERSON
    id_number: str = ""
    date_of_birth: dt.date | None = None
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class SubmitterData:
    """Who physically filed the dossier when not the applicant (delegate, authorised person)."""

    name: str
    id_number: str = ""
    phone: str = ""
    relation: str = ""


@dataclass
class ComponentData:
    name: str
    requirement_id: int | None = None
    form: str = ""
    quantity: int = 1
    status: str = DossierComponent.Status.RECEIVED
    digitised: bool = False
    reused_from_result: bool = False
    from_citizen_store: bool = False
    result_code_substitute: str = ""
    files: list[File] = field(default_factory=list)


@dataclass
class PaymentData:
    method: str
    receipt_number: str = ""
    paid_online: bool = False
    online_channel: str = ""


@dataclass
class FeeData:
    name: str
    amount: Decimal


@dataclass
class ConsultationData:
    """A unit asked for its opinion, and by when (working hours from now, or a moment)."""

    agency_id: int
    question: str
    hours: Decimal | None = None
    due_at: dt.datetime | None = None


@dataclass
class TransferLegData:
    """One participating agency of an inter-agency (liên thông) transfer and its part."""

    agency_id: int
    task: str
    hours: Decimal
