"""Synchronisation with the national portal (NĐ 118/2025 Điều 27; TT 22/2019 PL2-10).

Outbound: every national status change of a dossier, the whole dossier once it is received and
its results once ready become outbox messages, built from the dossier's append-only history so
that each change is queued once however often it is looked at. Dossiers of our own channels are
synced from their reception on (regs.md §5.4); dossiers filed on the national portal or VNeID
from their first change here.

Inbound: dossiers filed on the national portal are pulled, checked, their files fetched, and
created through the one online intake path (``portal.intake``), once per national code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure
from motcua.catalog.services import version_in_force
from motcua.directory.models import Agency
from motcua.dossiers import services as lifecycle
from motcua.dossiers.models import Dossier, DossierChannel
from motcua.dossiers.states import Action
from motcua.portal import intake

from ... import outbox
from ...base import Rejected, Unavailable
from ...models import InboundDossier, OutboxMessage, System
from . import mapping
from .client import DvcqgClient
from .settings import config, is_enabled

logger = logging.getLogger(__name__)

# Packet kind → (address in settings PATHS, place among the packets of one history line).
KINDS = {"HoSo": ("DOSSIER", 0), "TrangThai": ("STATUS", 1), "KetQua": ("RESULT", 2)}
POSITIONS_PER_ENTRY = 10
NATIONAL_CHANNELS = (DossierChannel.NATIONAL_PORTAL, DossierChannel.VNEID)


# --- outbound ---------------------------------------------------------------------------------


def enqueue(dossier: Dossier, now: dt.datetime | None = None) -> int:
    """Queue the messages of the dossier's history lines not looked at yet; how many."""
    if not is_enabled():
        return 0
    conf = config()
    now = now or timezone.now()
    last = OutboxMessage.objects.filter(system=System.DVCQG, dossier=dossier).aggregate(
        m=Max("position")
    )["m"]
    last_seq = -1 if last is None else last // POSITIONS_PER_ENTRY
    started = dossier.channel in NATIONAL_CHANNELS or last is not None
    rows = []
    for entry in dossier.history.filter(seq__gt=last_seq).order_by("seq"):
        started = started or entry.action == Action.RECEIVE
        if not started or entry.action == Action.SUBMIT:
            continue
        kinds = []
        if entry.action == Action.RECEIVE:
            kinds.append(("HoSo", mapping.dossier_payload(dossier, conf["STATUS_CODES"])))
        if entry.status_after != entry.status_before:
            kinds.append(
                ("TrangThai", mapping.status_payload(dossier, entry, conf["STATUS_CODES"]))
            )
        if entry.action == Action.FINISH:
            kinds.append(("KetQua", mapping.result_payload(dossier)))
        for kind, data in kinds:
            message_id = f"{dossier.code}.{entry.seq}.{kind}"
            rows.append(
                OutboxMessage(
                    message_id=message_id,
                    system=System.DVCQG,
                    kind=kind,
                    dossier=dossier,
                    position=entry.seq * POSITIONS_PER_ENTRY + KINDS[kind][1],
                    payload=mapping.packet(message_id, kind, conf["AGENCY_CODE"], now, data),
                    created_at=now,
                )
            )
    # A concurrent look at the same history queues the same ids: those are skipped.
    OutboxMessage.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def sync_dossier(dossier_id: int) -> outbox.DeliveryReport:
    """Queue what changed on the dossier and send its due messages."""
    dossier = _dossiers().filter(pk=dossier_id).first()
    if dossier is None or not is_enabled():
        return outbox.DeliveryReport()
    enqueue(dossier)
    return outbox.deliver(System.DVCQG, dossier_ids=[dossier_id])


def enqueue_since(since: dt.datetime) -> int:
    """Catch up with changes whose messages were never queued (the connection was switched on
    later, or a process stopped between a commit and its event handler)."""
    if not is_enabled():
        return 0
    ids = Dossier.objects.filter(history__at__gte=since).values_list("pk", flat=True).distinct()
    return sum(enqueue(dossier) for dossier in _dossiers().filter(pk__in=list(ids)))


def _dossiers():
    """Dossiers with what the dossier packet reads through foreign keys."""
    return Dossier.objects.select_related(
        "procedure_version__procedure__field", "receiving_agency", "settling_agency"
    )


def _send(message: OutboxMessage) -> None:
    DvcqgClient(config()).send(KINDS[message.kind][0], message.payload)


def _retry() -> tuple[int, int, int]:
    conf = config()
    return conf["MAX_ATTEMPTS"], conf["RETRY_DELAY"], conf["RETRY_DELAY_MAX"]


DESTINATION = outbox.Destination(System.DVCQG, is_enabled, _send, _retry)


# --- inbound ----------------------------------------------------------------------------------


@dataclass
class PullReport:
    accepted: int = 0
    rejected: int = 0
    postponed: int = 0


def pull_dossiers(now: dt.datetime | None = None) -> PullReport:
    """Take the dossiers waiting for this province on the national portal. A valid one becomes
    our dossier (the same one if it comes again); an invalid one is recorded with the reason and
    refused in the acknowledgement, nothing else written; one whose files cannot be fetched now
    (the portal does not answer) is left for the next pull. Raises ``IntegrationError`` when
    the portal cannot be asked."""
    report = PullReport()
    if not is_enabled():
        return report
    now = now or timezone.now()
    client = DvcqgClient(config())
    acks = []
    for raw in client.pending_dossiers():
        code = mapping.national_code_of(raw)
        try:
            dossier = _accept(client, raw, now)
        except Unavailable as exc:
            logger.warning("National dossier %s postponed: %s", code, exc)
            report.postponed += 1
            continue
        except (ValidationError, PermissionDenied, Rejected) as exc:
            # Rejected: the portal refused us one of the dossier's files.
            error = "; ".join(getattr(exc, "messages", None) or [str(exc)])
            InboundDossier.objects.update_or_create(
                national_code=code or _fingerprint(raw),
                defaults={
                    "state": InboundDossier.State.REJECTED,
                    "channel": DossierChannel.NATIONAL_PORTAL,
                    "dossier": None,
                    "error": error[:2000],
                    "received_at": now,
                },
            )
            report.rejected += 1
            if code:
                acks.append(mapping.ack_row(code, "", error))
            continue
        report.accepted += 1
        acks.append(mapping.ack_row(code, dossier.code))
    if acks:
        client.acknowledge(acks)
        InboundDossier.objects.filter(national_code__in=[a["MaHoSoQG"] for a in acks]).update(
            acknowledged=True
        )
    return report


def _fingerprint(raw) -> str:
    """A key for a packet without a national code, so that it is recorded once."""
    text = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    return "?" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _accept(client: DvcqgClient, raw, now: dt.datetime) -> Dossier:
    packet = mapping.read_inbound(raw)
    known = (
        InboundDossier.objects.filter(
            national_code=packet.national_code, state=InboundDossier.State.ACCEPTED
        )
        .select_related("dossier")
        .first()
    )
    if known is not None:
        return known.dossier  # came again (our acknowledgement was lost): the same dossier
    version, case, desk, settling = _references(packet, now)
    dossier = intake.accept_online_submission(
        channel=packet.channel,
        key=packet.national_code,
        actor=None,
        procedure_version=version,
        case=case,
        receiving_agency=desk,
        settling_agency=settling,
        applicant=lifecycle.ApplicantData(
            name=packet.applicant_name,
            kind=packet.applicant_kind,
            id_number=packet.applicant_id_number,
            date_of_birth=packet.applicant_date_of_birth,
            address=packet.applicant_address,
            phone=packet.applicant_phone,
            email=packet.applicant_email,
        ),
        submitter=lifecycle.SubmitterData(**packet.submitter) if packet.submitter else None,
        form_data=packet.form_data,
        summary=packet.summary,
        components=_components(client, packet, version),
        return_method=packet.return_method,
        delivery_address=packet.delivery_address,
        now=now,
    )
    InboundDossier.objects.update_or_create(
        national_code=packet.national_code,
        defaults={
            "state": InboundDossier.State.ACCEPTED,
            "channel": packet.channel,
            "dossier": dossier,
            "error": "",
            "received_at": now,
        },
    )
    return dossier


def _references(packet: mapping.InboundPacket, now: dt.datetime):
    """The procedure version, case, receiving desk and settling agency the codes name."""
    procedure = Procedure.objects.filter(national_code=packet.procedure_code).first()
    version = version_in_force(procedure, timezone.localdate(now)) if procedure else None
    if version is None:
        raise ValidationError(
            _("Thủ tục %(code)s không có trong danh mục hoặc không có phiên bản đang áp dụng.")
            % {"code": packet.procedure_code}
        )
    cases = list(version.cases.all())
    case = next((c for c in cases if c.code and c.code == packet.case_code), None)
    if case is None and not packet.case_code and len(cases) == 1:
        case = cases[0]
    if case is None:
        raise ValidationError(
            _("Không xác định được trường hợp “%(code)s” của thủ tục %(procedure)s.")
            % {"code": packet.case_code, "procedure": packet.procedure_code}
        )
    settling = _agency(packet.settling_code, _("Cơ quan giải quyết"))
    desk = _agency(packet.desk_code, _("Nơi tiếp nhận"))
    if desk is None:
        competent = intake.competent_agencies(version)
        desk = intake.default_desk(settling or (competent[0] if competent else None))
    if desk is None:
        raise ValidationError(_("Không có Bộ phận Một cửa nào đang hoạt động để nhận hồ sơ."))
    return version, case, desk, settling


def _agency(code: str, label: str) -> Agency | None:
    if not code:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise ValidationError(
            _("%(label)s có mã %(code)s không có trong danh mục cơ quan.")
            % {"label": label, "code": code}
        )
    return agency


def _components(client: DvcqgClient, packet: mapping.InboundPacket, version):
    """The documents grouped by catalogue component, with their files fetched from the portal
    (``Unavailable`` when the portal cannot give them now)."""
    requirements = list(version.components.all())
    grouped: dict[str, lifecycle.ComponentData] = {}
    files = defaultdict(list)
    for document in packet.documents:
        requirement = mapping.match_requirement(document, requirements)
        name = requirement.name if requirement else (document.component_name or document.name)
        component = grouped.setdefault(
            name,
            lifecycle.ComponentData(
                name=name,
                requirement_id=requirement.pk if requirement else None,
                digitised=document.digitised,
                reused_from_result=document.reused,
                from_citizen_store=document.from_store,
                result_code_substitute=document.substitute_code,
            ),
        )
        files[name].append(ContentFile(client.download(document.file_id), name=document.name))
        component.files = files[name]
    return list(grouped.values())
