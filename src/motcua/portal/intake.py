"""The one intake path of online dossiers (NĐ 118/2025 Điều 15, 17; ADR 0011).

A dossier filed in this portal's wizard and one pushed by the national portal or VNeID (the
legal online channels since 1 July 2025, through ``motcua.integrations``) both enter here: they
are created by ``dossiers.services.submit`` in status 1 (Mới đăng ký) with the online intake
timers, and land in the receiving desk's intake queue like any other dossier. The sender's key
makes intake idempotent: the same key on the same channel always returns the same dossier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from motcua.catalog.models import Case, ProcedureVersion
from motcua.core import audit
from motcua.directory.models import Agency
from motcua.dossiers import services as lifecycle
from motcua.dossiers.models import Dossier, DossierChannel, ReturnMethod

from .models import OnlineIntake


def accept_online_submission(
    *,
    channel: str,
    key: str,
    actor,
    procedure_version: ProcedureVersion,
    case: Case,
    receiving_agency: Agency,
    applicant: lifecycle.ApplicantData,
    settling_agency: Agency | None = None,
    submitter: lifecycle.SubmitterData | None = None,
    owner=None,
    form_data: dict | None = None,
    summary: str = "",
    components: Sequence[lifecycle.ComponentData] | None = None,
    return_method: str = ReturnMethod.ONLINE,
    delivery_address: str = "",
    now: dt.datetime | None = None,
) -> Dossier:
    """Create the dossier of an online submission, once per ``(channel, key)``.

    ``actor`` is the signed-in citizen on this portal (who becomes the owner) and ``None`` for
    dossiers pushed by the national portal or VNeID (the system). ``key``: the portal draft's
    key, or the sender's own dossier identifier. Raises what ``dossiers.services.submit``
    raises (``ValidationError`` in Vietnamese, ``PermissionDenied``); nothing is written then.
    """
    if channel not in DossierChannel.online():
        raise ValueError(f"{channel!r} is not an online channel")
    existing = _intake(channel, key)
    if existing is not None:
        return existing
    now = now or timezone.now()
    try:
        with transaction.atomic():
            dossier = lifecycle.submit(
                actor=actor,
                procedure_version=procedure_version,
                case=case,
                channel=channel,
                receiving_agency=receiving_agency,
                settling_agency=settling_agency,
                applicant=applicant,
                submitter=submitter,
                owner=owner,
                form_data=form_data,
                summary=summary or procedure_version.procedure.name,
                components=components,
                return_method=return_method,
                delivery_address=delivery_address,
                now=now,
            )
            OnlineIntake.objects.create(channel=channel, key=key, dossier=dossier, accepted_at=now)
            audit.record(
                "portal.online_intake",
                actor=actor,
                obj=dossier,
                summary=f"{dossier.code}: {DossierChannel(channel).label}",
                details={"channel": channel, "key": key},
            )
    except IntegrityError:
        # The same key was accepted meanwhile by a concurrent request: that dossier stands, and
        # this one was rolled back (its code given back to the counter).
        existing = _intake(channel, key)
        if existing is None:
            raise
        return existing
    return dossier


def _intake(channel: str, key: str) -> Dossier | None:
    row = OnlineIntake.objects.filter(channel=channel, key=key).select_related("dossier").first()
    return row.dossier if row else None


# --- where an online dossier is received ----------------------------------------------------


def desks(on: dt.date | None = None) -> QuerySet[Agency]:
    """One-stop desks in force: reception is boundary-free within the province (NĐ 118 Điều 14),
    so any of them may receive any dossier."""
    on = on or timezone.localdate()
    return Agency.objects.in_force(on).filter(receives_dossiers=True).order_by("sort_order", "code")


def competent_agencies(version: ProcedureVersion, on: dt.date | None = None) -> list[Agency]:
    on = on or timezone.localdate()
    return list(version.procedure.agencies.in_force(on).order_by("sort_order", "name_search"))


def default_desk(settling_agency: Agency | None, on: dt.date | None = None) -> Agency | None:
    """The desk a citizen would go to for ``settling_agency``: the agency itself if it receives
    dossiers, else a desk under it (a commune's service centre, a department's one-stop
    division), else the provincial service centre, else any desk."""
    in_force = list(desks(on))
    if not in_force:
        return None
    if settling_agency is not None:
        for desk in in_force:
            if desk.pk == settling_agency.pk:
                return desk
        below = set(settling_agency.descendant_ids())
        for desk in in_force:
            if desk.pk in below:
                return desk
    for desk in in_force:
        if desk.kind == Agency.Kind.SERVICE_CENTRE and desk.level == Agency.Level.PROVINCE:
            return desk
    return in_force[0]
