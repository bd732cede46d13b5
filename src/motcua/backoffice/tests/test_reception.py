"""Counter reception through the screens: find the procedure without diacritics, check the
components, scan, identify the applicant, collect fees, and receive — or hand over a request to
complete the dossier (Mẫu 02) or a refusal (Mẫu 03). Bad input changes nothing and keeps the
scans."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from motcua.backoffice.models import StashedUpload
from motcua.dossiers.models import Applicant, Dossier, DossierFile
from motcua.dossiers.states import State

from .helpers import client_for, counter_dossier

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def form_url(world):
    return reverse("backoffice:reception_form", args=[world.version.pk, world.case.pk])


def reception_data(**overrides):
    data = {
        "applicant_kind": "person",
        "applicant_id_number": "001 090 012345",
        "applicant_name": "  Trần   Thị Bình ",
        "applicant_phone": "0905 123 456",
        "form_0": "original",
        "quantity_0": "1",
        "status_0": "received",
        "form_1": "original",
        "quantity_1": "1",
        "status_1": "received",
        "return_method": "counter",
        "fee_method": "cash",
        "receipt_number": "BL-0001",
        "outcome": "receive",
    }
    data.update(overrides)
    return data


@pytest.mark.criterion("PL2-2.1", "D3.8")
def test_procedure_is_found_without_diacritics_and_a_single_case_goes_straight_on(world):
    client = client_for(world.reception)
    page = client.get(reverse("backoffice:reception"), {"q": "dang ky khai sinh"})
    assert page.status_code == 200
    case_url = reverse("backoffice:reception_case", args=[world.version.pk])
    assert case_url in page.content.decode()
    partial = client.get(
        reverse("backoffice:reception"), {"q": "khai sinh"}, HTTP_HX_REQUEST="true"
    )
    assert b"<html" not in partial.content and case_url.encode() in partial.content
    assert client.get(case_url).url == form_url(world)


@pytest.mark.criterion("PL2-2.1", "PL2-2.3", "PL2-2.4")
def test_receiving_at_the_counter_gives_code_appointment_receipt_and_keeps_the_scans(world):
    client = client_for(world.reception)
    form = client.get(form_url(world))
    assert form.status_code == 200
    assert "Tờ khai đăng ký khai sinh" in form.content.decode()
    response = client.post(
        form_url(world),
        reception_data(
            file_0=SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf"),
            file_1=SimpleUploadedFile("giay-chung-sinh.png", PNG, content_type="image/png"),
        ),
    )
    dossier = Dossier.objects.get()
    assert response.url == reverse("backoffice:reception_done", args=[dossier.code])
    assert dossier.state == State.RECEIVED and dossier.due_at is not None
    assert dossier.applicant_name == "Trần Thị Bình"
    assert dossier.applicant_id_number == "001090012345"
    assert dossier.applicant_phone == "0905123456"
    files = DossierFile.objects.filter(component__dossier=dossier).order_by("id")
    assert [(f.original_name, f.content_type) for f in files] == [
        ("to-khai.pdf", "application/pdf"),
        ("giay-chung-sinh.png", "image/png"),
    ]
    assert dossier.fees.get().receipt_number == "BL-0001"
    assert not StashedUpload.objects.exists()
    done = client.get(response.url).content.decode()
    assert dossier.code in done
    assert timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y") in done
    receipt = reverse("documents:form_download", args=[dossier.code, "giay-tiep-nhan", "pdf"])
    assert receipt in done
    pdf = client.get(receipt)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.criterion("PL2-2.4")
def test_a_refused_form_writes_nothing_and_keeps_the_uploaded_scans(world):
    client = client_for(world.reception)
    response = client.post(
        form_url(world),
        reception_data(
            applicant_name="",
            file_0=SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf"),
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vui lòng nhập họ tên hoặc tên tổ chức của chủ hồ sơ." in page
    assert "Các tệp đã tải lên vẫn được giữ" in page
    assert not Dossier.objects.exists()
    stash = StashedUpload.objects.get()
    assert stash.original_name == "to-khai.pdf" and str(stash.token) in page
    # The officer completes the name; the kept scan is attached without uploading it again.
    response = client.post(
        form_url(world), reception_data(stash_0=str(stash.token), applicant_name="Trần Thị Bình")
    )
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert DossierFile.objects.get(component__dossier=dossier).original_name == "to-khai.pdf"
    assert not StashedUpload.objects.exists()


def test_a_wrong_file_type_is_refused_by_content_with_a_clear_message(world):
    client = client_for(world.reception)
    fake = SimpleUploadedFile(
        "to-khai.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(form_url(world), reception_data(file_0=fake))
    assert response.status_code == 400
    assert "không đúng định dạng cho phép" in response.content.decode()
    assert not Dossier.objects.exists() and not StashedUpload.objects.exists()


def test_kept_files_belong_to_their_officer_only(world):
    mine = client_for(world.reception)
    mine.post(
        form_url(world),
        reception_data(
            applicant_name="",
            file_0=SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf"),
        ),
    )
    token = str(StashedUpload.objects.get().token)
    other = client_for(world.commune_reception)
    other.post(form_url(world), reception_data(stash_0=token, applicant_name="Lê Văn C"))
    dossier = Dossier.objects.get()
    assert not DossierFile.objects.filter(component__dossier=dossier).exists()


@pytest.mark.criterion("PL2-2.3")
def test_missing_component_blocks_reception_and_leads_to_a_supplement_request(world):
    client = client_for(world.reception)
    refused = client.post(form_url(world), reception_data(status_1="missing"))
    assert refused.status_code == 400
    assert "Còn thành phần hồ sơ chưa nộp" in refused.content.decode()
    assert not Dossier.objects.exists()
    response = client.post(
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
    request = dossier.supplements.get()
    assert request.items == ["Giấy chứng sinh", "Bản sao sổ hộ khẩu"]
    done = client.get(response.url).content.decode()
    assert reverse("documents:form_download", args=[dossier.code, "yeu-cau-bo-sung", "pdf"]) in done


@pytest.mark.criterion("PL2-2.3")
def test_refusal_at_the_counter_needs_a_reason_and_issues_the_refusal_slip(world):
    client = client_for(world.reception)
    response = client.post(form_url(world), reception_data(outcome="refuse"))
    assert response.status_code == 400
    assert "Vui lòng nêu rõ lý do từ chối tiếp nhận." in response.content.decode()
    assert not Dossier.objects.exists()
    response = client.post(
        form_url(world), reception_data(outcome="refuse", reason="Không thuộc thẩm quyền.")
    )
    dossier = Dossier.objects.get()
    assert dossier.state == State.NOT_RECEIVED and dossier.closing_note == "Không thuộc thẩm quyền."
    done = client.get(response.url).content.decode()
    assert reverse("documents:form_download", args=[dossier.code, "tu-choi", "pdf"]) in done


def test_invalid_id_number_and_phone_are_explained_in_vietnamese(world):
    client = client_for(world.reception)
    response = client.post(
        form_url(world), reception_data(applicant_id_number="12345", applicant_phone="12")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số" in page
    assert "Số điện thoại di động gồm 10 chữ số" in page
    assert not Dossier.objects.exists()


def test_a_known_applicant_is_reused_by_id_number(world):
    counter_dossier(world)  # Nguyễn Văn An, 001090012345, is now a known applicant
    client = client_for(world.reception)
    lookup = client.get(
        reverse("backoffice:applicant_lookup"),
        {"applicant_kind": "person", "applicant_id_number": "001090012345"},
        HTTP_HX_REQUEST="true",
    )
    assert 'value="Nguyễn Văn An"' in lookup.content.decode()
    # Without JavaScript the button posts the form, which comes back filled in.
    page = client.post(
        form_url(world),
        reception_data(applicant_name="", applicant_id_number="001090012345", lookup="1"),
    )
    assert page.status_code == 200 and 'value="Nguyễn Văn An"' in page.content.decode()
    client.post(
        form_url(world),
        reception_data(applicant_name="Nguyễn Văn An", applicant_id_number="001090012345"),
    )
    assert Applicant.objects.filter(id_number="001090012345").count() == 1
    assert Dossier.objects.filter(applicant__id_number="001090012345").count() == 2


def test_only_reception_officers_use_the_counter(world):
    assert client_for(world.specialist).get(reverse("backoffice:reception")).status_code == 403
    assert client_for(world.citizen).get(reverse("backoffice:reception")).status_code == 403
