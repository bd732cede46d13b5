"""Electronic results: a result PDF signed with the agency's key is recorded on the dossier
through the lifecycle services and offered to the applicant (criteria PL3-16, PL2-2.11)."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.core.models import AuditEntry
from motcua.documents import rendering, services
from motcua.documents.verification import verify_pdf
from motcua.dossiers import services as s
from motcua.dossiers.models import DossierResult
from motcua.dossiers.tests.world import Clock, online_dossier, v

from . import pdftools
from .test_rendering import sample

pytestmark = pytest.mark.criterion("PL3-16", "PL2-2.11")


@pytest.fixture
def world(db):
    from motcua.dossiers.tests.world import build_world

    return build_world()


def at_signing_step(world, clock):
    """An online dossier of the world's citizen, received, appraised and approved: the
    leader signs the result."""
    d = online_dossier(world, clock)
    d = s.receive(d, actor=world.reception, **v(d), now=clock.tick())
    d = s.forward(
        d, actor=world.division_leader, **v(d), assignee=world.specialist, now=clock.tick()
    )
    d = s.forward(d, actor=world.specialist, **v(d), now=clock.tick())
    return s.approve(d, actor=world.agency_leader, **v(d), now=clock.tick())


def result_upload():
    return SimpleUploadedFile(
        "giay-khai-sinh.pdf", rendering.render_pdf(sample()), content_type="application/pdf"
    )


def test_signed_result_is_recorded_and_the_applicant_downloads_it(
    world, signing_settings, client, tmp_path
):
    clock = Clock()
    d = at_signing_step(world, clock)
    d = services.attach_signed_result(
        d,
        actor=world.agency_leader,
        expected_version=d.version,
        result_file=result_upload(),
        result_type_id=world.version.result_types.first().pk,
        document_number="15/GKS",
        position="Phó Giám đốc Sở Tư pháp",
        now=clock.tick(),
    )
    result = d.results.get()
    assert (result.signed, result.signer, result.electronic) == (True, world.agency_leader, True)
    assert result.name == "Giấy khai sinh" and result.document_number == "15/GKS"
    # Storage may append a suffix when an earlier test left a file of the same name.
    assert re.search(r"-da-ky-so(_\w+)?\.pdf$", result.file.name), result.file.name
    assert list(d.history.values_list("action", flat=True))[-2:] == ["record_result", "sign_result"]
    assert AuditEntry.objects.filter(action="documents.result_signed").exists()

    url = reverse("documents:result_download", kwargs={"pk": result.pk})
    client.force_login(world.stranger)
    assert client.get(url).status_code == 404
    client.force_login(world.citizen)  # the dossier's owner
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    report = verify_pdf(response.content)
    assert report.ok and report.signatures[0].signer_name == "Nguyễn Thị Ánh Tuyết"
    assert "Phó Giám đốc Sở Tư pháp" in pdftools.text(response.content, tmp_path)


def test_nothing_is_signed_or_recorded_for_someone_without_the_right(world, signing_settings):
    clock = Clock()
    d = at_signing_step(world, clock)
    with pytest.raises(PermissionDenied):
        services.attach_signed_result(
            d, actor=world.reception, expected_version=d.version, result_file=result_upload()
        )
    assert not DossierResult.objects.exists()


def test_a_non_pdf_result_is_refused_and_nothing_recorded(world, signing_settings):
    clock = Clock()
    d = at_signing_step(world, clock)
    fake = SimpleUploadedFile("ket-qua.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError, match="không phải là tài liệu PDF"):
        services.attach_signed_result(
            d, actor=world.agency_leader, expected_version=d.version, result_file=fake
        )
    d.refresh_from_db()
    assert not d.results.exists()


def test_a_failed_lifecycle_step_leaves_no_half_recorded_result(world, signing_settings):
    """Both lifecycle writes run in one transaction: a stale version records nothing."""
    from motcua.dossiers.exceptions import ConflictError

    clock = Clock()
    d = at_signing_step(world, clock)
    with pytest.raises(ConflictError):
        services.attach_signed_result(
            d,
            actor=world.agency_leader,
            expected_version=d.version - 1,
            result_file=result_upload(),
            result_type_id=world.version.result_types.first().pk,
        )
    assert not DossierResult.objects.exists()
