"""“Ký kết quả” can sign the drafted result with the agency's configured key: a PAdES signed PDF
is attached to the dossier as its electronic result; with no key configured the choice is shown
disabled with the reason. The dossier page links the forms signed with the system's key where
the user may sign them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.documents import rendering
from motcua.documents.tests.conftest import pki, signing_settings  # noqa: F401 (fixtures)
from motcua.documents.tests.test_rendering import sample
from motcua.documents.verification import verify_pdf
from motcua.dossiers import services as s

from .helpers import client_for, counter_dossier, v

pytestmark = [pytest.mark.django_db, pytest.mark.criterion("PL2-2.11", "PL3-16")]


def at_signing(world):
    """Drafted with its PDF by the specialist, approved by the division: the leader signs."""
    d = counter_dossier(world)
    pdf = rendering.render_pdf(sample())
    d = s.record_result(
        d,
        actor=world.specialist,
        **v(d),
        result_type_id=world.version.result_types.first().pk,
        document_number="15/GKS",
        file=SimpleUploadedFile("ket-qua-mot-cua.pdf", pdf, content_type="application/pdf"),
    )
    d = s.forward(d, actor=world.specialist, **v(d))
    d = s.approve(d, actor=world.division_leader, **v(d))
    return s.forward(d, actor=world.division_leader, **v(d))


def sign_url(dossier) -> str:
    return reverse("backoffice:action", args=[dossier.code, "sign_result"])


def test_the_leader_signs_the_result_with_the_agency_key(world, signing_settings):  # noqa: F811
    d = at_signing(world)
    result = d.results.get()
    client = client_for(world.agency_leader)
    form = client.get(sign_url(d)).content.decode()
    assert "Ký số tệp kết quả bằng chứng thư số của cơ quan" in form
    assert 'name="with_key"' in form and "disabled" not in form.split('name="with_key"')[1][:40]
    response = client.post(sign_url(d), {**v(d), "result_id": result.pk, "with_key": "on"})
    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.signed, result.signer, result.electronic) == (True, world.agency_leader, True)
    # Storage may suffix the name when a namesake exists.
    assert "ket-qua-mot-cua-da-ky-so" in result.file.name
    with result.file.open("rb") as handle:
        report = verify_pdf(handle.read(), trust_roots=None)
    assert report.ok and report.signatures[0].signer_name == "Nguyễn Thị Ánh Tuyết"
    page = client.get(reverse("backoffice:dossier", args=[d.code])).content.decode()
    assert reverse("documents:result_download", kwargs={"pk": result.pk}) in page


def test_key_signing_needs_the_drafted_pdf_and_excludes_an_uploaded_one(world, signing_settings):  # noqa: F811
    d = at_signing(world)
    result = d.results.get()
    client = client_for(world.agency_leader)
    both = client.post(
        sign_url(d),
        {
            **v(d),
            "result_id": result.pk,
            "with_key": "on",
            "signed_file": SimpleUploadedFile("da-ky.pdf", b"%PDF-1.4\n", "application/pdf"),
        },
    )
    assert both.status_code == 400
    assert "không chọn cả hai" in both.content.decode()
    result.file.delete(save=True)
    missing = client.post(sign_url(d), {**v(d), "result_id": result.pk, "with_key": "on"})
    assert missing.status_code == 400
    assert "Kết quả chưa có tệp PDF để ký số" in missing.content.decode()
    result.refresh_from_db()
    assert not result.signed


def test_without_a_configured_key_the_choice_is_disabled_with_the_reason(world, settings):
    settings.MOTCUA_SIGNING = {**settings.MOTCUA_SIGNING, "PKCS12_FILE": "", "PKCS11_MODULE": ""}
    d = at_signing(world)
    form = client_for(world.agency_leader).get(sign_url(d)).content.decode()
    tag = form.split('name="with_key"')[1].split(">")[0]
    assert "disabled" in tag
    assert "hệ thống chưa được cấu hình chứng thư số để ký" in form
    page = client_for(world.reception).get(reverse("backoffice:dossier", args=[d.code]))
    assert "?ky=1" not in page.content.decode()


def test_signed_forms_are_linked_for_officials_of_the_issuing_agency(world, signing_settings):  # noqa: F811
    d = counter_dossier(world)
    receipt = reverse("documents:form_download", args=[d.code, "giay-tiep-nhan", "pdf"])
    desk = client_for(world.reception).get(reverse("backoffice:dossier", args=[d.code]))
    assert f'href="{receipt}?ky=1"' in desk.content.decode()
    signed = client_for(world.reception).get(f"{receipt}?ky=1")
    assert signed.status_code == 200 and verify_pdf(signed.content).signatures
    # The settling agency's specialist sees the receipt but did not issue it: no signed link.
    other = client_for(world.specialist).get(reverse("backoffice:dossier", args=[d.code]))
    assert receipt in other.content.decode() and "?ky=1" not in other.content.decode()
