"""Shared by the back office's tests: the internal process of the test procedure (as the demo
province's Sở Tư pháp procedures: desk → specialist → division leader approves → agency leader
signs → clerk), logins and dossiers driven through the lifecycle services."""

from __future__ import annotations

from django.test import Client

from motcua.accounts.models import Role
from motcua.catalog.models import ProcessAction as PA
from motcua.dossiers import services
from motcua.dossiers.models import Dossier

BACKOFFICE_STEPS = [
    (Role.RECEPTION, "Tiếp nhận, kiểm tra, số hóa hồ sơ", 4, [PA.FORWARD, PA.REFUSE]),
    (
        Role.SPECIALIST,
        "Thẩm định hồ sơ, dự thảo kết quả",
        16,
        [PA.FORWARD, PA.REQUEST_SUPPLEMENT, PA.CONSULT, PA.TRANSFER, PA.RETURN_BACK],
    ),
    (Role.DIVISION_LEADER, "Xem xét, trình lãnh đạo cơ quan", 4, [PA.APPROVE, PA.RETURN_BACK]),
    (Role.AGENCY_LEADER, "Lãnh đạo cơ quan ký duyệt", 4, [PA.SIGN, PA.RETURN_BACK, PA.REFUSE]),
    (Role.CLERK, "Vào sổ, đóng dấu, chuyển kết quả", 4, [PA.FINISH]),
]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def v(dossier: Dossier) -> dict:
    return {"expected_version": dossier.version}


def applicant(**kw) -> services.ApplicantData:
    values = {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0905123456"}
    values.update(kw)
    return services.ApplicantData(**values)


def counter_dossier(world, **kw) -> Dossier:
    """Received at the desk now; its first step (the specialist's) is open and unassigned."""
    values = {
        "actor": world.reception,
        "procedure_version": world.version,
        "case": world.case,
        "channel": "counter",
        "receiving_agency": world.desk,
        "applicant": applicant(),
    }
    values.update(kw)
    return services.receive_at_counter(**values)


def online_dossier(world, **kw) -> Dossier:
    values = {
        "actor": world.citizen,
        "procedure_version": world.version,
        "case": world.case,
        "channel": "online_portal",
        "receiving_agency": world.desk,
        "applicant": applicant(),
        "return_method": "online",
    }
    values.update(kw)
    return services.submit(**values)


def to_approval(world, dossier: Dossier) -> Dossier:
    """Specialist drafts the result and forwards; the division leader approves and forwards."""
    s = services
    d = s.record_result(
        dossier,
        actor=world.specialist,
        **v(dossier),
        result_type_id=world.version.result_types.first().pk,
        document_number="15/GKS",
    )
    d = s.forward(d, actor=world.specialist, **v(d))
    d = s.approve(d, actor=world.division_leader, **v(d))
    return s.forward(d, actor=world.division_leader, **v(d))


def to_finished(world, dossier: Dossier) -> Dossier:
    s = services
    d = to_approval(world, dossier)
    result = d.results.first()
    d = s.sign_result(d, actor=world.agency_leader, **v(d), result_id=result.pk)
    d = s.forward(d, actor=world.agency_leader, **v(d))
    return s.finish(d, actor=world.clerk, **v(d))
