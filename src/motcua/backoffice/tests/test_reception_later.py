"""A request to complete the dossier (Mẫu 02) handed over at the counter is not a dead end: when
the applicant comes back with the papers, the dossier page's “Tiếp nhận hồ sơ” lists what is
owed as the counter's checklist; the officer ticks and scans each paper and receives in one
step, then prints the receipt (Mẫu 01). Refused input writes nothing and keeps the scans."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.backoffice.models import StashedUpload
from motcua.dossiers.models import Dossier, DossierComponent, DossierFile
from motcua.dossiers.states import State

from .helpers import client_for
from .test_reception import PDF, form_url, reception_data

pytestmark = pytest.mark.django_db


def mau02_at_counter(world) -> Dossier:
    """Registered at the counter with the birth certificate missing and one more paper asked."""
    client_for(world.reception).post(
        form_url(world),
        reception_data(
            status_1="missing",
            outcome="supplement",
            items="Bản sao sổ hộ khẩu",
            reason="Thiếu giấy chứng sinh bản chính.",
        ),
    )
    dossier = Dossier.objects.get()
    assert dossier.state == State.INTAKE_FIX_REQUESTED
    return dossier


def receive_url(dossier) -> str:
    return reverse("backoffice:action", args=[dossier.code, "receive"])


def receive_data(dossier, **overrides):
    data = {
        "expected_version": dossier.version,
        "return_method": "counter",
        "form_0": "original",
        "quantity_0": "1",
        "status_0": "received",
        "form_1": "copy",
        "quantity_1": "1",
        "status_1": "received",
    }
    data.update(overrides)
    return data


@pytest.mark.criterion("PL2-2.1", "PL2-2.4")
def test_papers_brought_later_are_ticked_scanned_and_received_with_the_receipt(world):
    dossier = mau02_at_counter(world)
    client = client_for(world.reception)
    page = client.get(reverse("backoffice:dossier", args=[dossier.code])).content.decode()
    assert receive_url(dossier) in page
    form = client.get(receive_url(dossier)).content.decode()
    assert "Giấy tờ người nộp bổ sung" in form
    assert "Giấy chứng sinh" in form and "Bản sao sổ hộ khẩu" in form
    assert 'enctype="multipart/form-data"' in form and 'name="file_0"' in form

    response = client.post(
        receive_url(dossier),
        receive_data(
            dossier,
            file_0=SimpleUploadedFile("giay-chung-sinh.pdf", PDF, content_type="application/pdf"),
        ),
    )
    assert response.url == reverse("backoffice:reception_done", args=[dossier.code])
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED and dossier.due_at is not None
    certificate = dossier.components.get(name="Giấy chứng sinh")
    assert certificate.status == DossierComponent.Status.SUPPLEMENTED
    assert DossierFile.objects.get(component=certificate).original_name == "giay-chung-sinh.pdf"
    household = dossier.components.get(name="Bản sao sổ hộ khẩu")
    assert (household.status, household.form) == (DossierComponent.Status.SUPPLEMENTED, "copy")
    assert not dossier.components.filter(status=DossierComponent.Status.MISSING).exists()
    assert not StashedUpload.objects.exists()
    done = client.get(response.url).content.decode()
    assert "Đã tiếp nhận hồ sơ" in done
    receipt = reverse("documents:form_download", args=[dossier.code, "giay-tiep-nhan", "pdf"])
    assert receipt in done
    assert client.get(receipt).content.startswith(b"%PDF")


@pytest.mark.criterion("PL2-2.4")
def test_a_paper_still_missing_refuses_writes_nothing_and_keeps_the_scans(world):
    dossier = mau02_at_counter(world)
    client = client_for(world.reception)
    refused = client.post(
        receive_url(dossier),
        receive_data(
            dossier,
            status_1="missing",
            file_0=SimpleUploadedFile("giay-chung-sinh.pdf", PDF, content_type="application/pdf"),
        ),
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Người nộp chưa bổ sung đủ giấy tờ (Bản sao sổ hộ khẩu)" in page
    assert "Các tệp đã tải lên vẫn được giữ" in page
    dossier.refresh_from_db()
    assert dossier.state == State.INTAKE_FIX_REQUESTED and not DossierFile.objects.exists()
    stash = StashedUpload.objects.get()
    assert str(stash.token) in page
    # The applicant finds the last paper; the kept scan goes in without scanning it again.
    response = client.post(receive_url(dossier), receive_data(dossier, stash_0=str(stash.token)))
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED
    assert DossierFile.objects.get().original_name == "giay-chung-sinh.pdf"
    assert not StashedUpload.objects.exists()


def test_a_wrong_scan_is_refused_by_content_and_nothing_is_received(world):
    dossier = mau02_at_counter(world)
    client = client_for(world.reception)
    fake = SimpleUploadedFile("giay.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(receive_url(dossier), receive_data(dossier, file_0=fake))
    assert response.status_code == 400
    assert "không đúng định dạng cho phép" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == State.INTAKE_FIX_REQUESTED
    assert not StashedUpload.objects.exists()


def test_htmx_reception_of_the_completed_dossier_redirects_to_the_receipt(world):
    dossier = mau02_at_counter(world)
    response = client_for(world.reception).post(
        receive_url(dossier), receive_data(dossier), HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == reverse("backoffice:reception_done", args=[dossier.code])
