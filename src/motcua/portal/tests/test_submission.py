"""The submission wizard through the web (Django's test client): drafts, e-form, components,
delivery, review, one dossier per draft, and the filing switch."""

import re

import pytest
from django.test import override_settings

from motcua.dossiers.models import Dossier, DossierChannel
from motcua.dossiers.states import State
from motcua.portal import services
from motcua.portal.models import OnlineIntake, StoredDocument, Submission

from .filing import build_filing, exe, pdf, png

pytestmark = pytest.mark.django_db

FORM = {
    "f.nguoi_yeu_cau.ho_ten": "Nguyễn Văn An",
    "f.nguoi_yeu_cau.so_dinh_danh": "051085000001",
    "f.nguoi_yeu_cau.noi_cu_tru": "12 Hùng Vương, phường Cẩm Thành",
    "f.tre_em.ho_ten": "Nguyễn Minh Khôi",
    "f.tre_em.ngay_sinh": "05/09/2025",
    "f.tre_em.gioi_tinh": "Nam",
    "f.so_ban_sao": "2",
    "action": "next",
}


@pytest.fixture
def filing():
    return build_filing()


@pytest.fixture(autouse=True)
def filing_on(settings):
    settings.MOTCUA_PORTAL_FILING_ENABLED = True


def _start(client, filing, user=None):
    client.force_login(user or filing.citizen)
    response = client.post(f"/nop-ho-so/{filing.procedure.national_code}/")
    assert response.status_code == 302, response.content[:500]
    return Submission.objects.get(key=response.url.split("/")[-3])


def _url(submission, step):
    return f"/nop-ho-so/ho-so-nhap/{submission.key}/{step}/"


def _fill_to_components(client, filing, submission):
    case = client.post(_url(submission, "truong-hop"), {"case": filing.case.pk, "action": "next"})
    assert case.status_code == 302, case.content.decode()[:2000]
    form = client.post(_url(submission, "to-khai"), FORM)
    assert form.status_code == 302, form.content.decode()[:3000]


@pytest.mark.criterion("PL3-4", "PL3-2", "PL3-19")
def test_a_citizen_files_a_dossier_through_every_step(client, filing):
    submission = _start(client, filing)
    page = client.get(_url(submission, "truong-hop")).content.decode()
    assert "Bước 1/5" in page and filing.case.name in page
    _fill_to_components(client, filing, submission)

    page = client.get(_url(submission, "giay-to")).content.decode()
    assert "Mỗi tệp tối đa 20 MB" in page  # the limit is shown before uploading
    assert "tờ khai điện tử bạn đã điền" in page
    missing = client.post(_url(submission, "giay-to"), {"action": "next"})
    assert missing.status_code == 400
    assert "Vui lòng đính kèm giấy tờ này." in missing.content.decode()

    uploaded = client.post(
        _url(submission, "giay-to"),
        {f"upload-{filing.birth_certificate.pk}": [pdf(), png()], "action": "attach"},
    )
    assert uploaded.status_code == 302
    assert submission.files.count() == 2
    assert client.post(_url(submission, "giay-to"), {"action": "next"}).status_code == 302
    delivery = client.post(
        _url(submission, "nhan-ket-qua"),
        {"return_method": "post", "delivery_address": "", "action": "next"},
    )
    assert "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính." in delivery.content.decode()
    delivery = client.post(
        _url(submission, "nhan-ket-qua"),
        {"return_method": "online", "delivery_address": "", "action": "next"},
    )
    assert delivery.status_code == 302

    review = client.get(_url(submission, "kiem-tra")).content.decode()
    assert "Nguyễn Minh Khôi" in review and "05/09/2025" in review
    assert "8.000 đồng" in review and "chưa nhận thanh toán trực tuyến" in review
    refused = client.post(_url(submission, "kiem-tra"), {"action": "submit"})
    assert refused.status_code == 400 and "ô cam đoan" in refused.content.decode()
    done = client.post(_url(submission, "kiem-tra"), {"action": "submit", "confirm": "on"})
    assert done.status_code == 302 and done.url.endswith("/da-nop/")

    dossier = Dossier.objects.get(owner=filing.citizen)
    assert dossier.state == State.SUBMITTED and dossier.channel == DossierChannel.ONLINE_PORTAL
    assert dossier.receiving_agency == filing.desk and dossier.settling_agency == filing.department
    assert dossier.summary == "Đăng ký khai sinh cho Nguyễn Minh Khôi"
    assert dossier.form_data["tre_em"]["ngay_sinh"] == "2025-09-05"
    assert dossier.form_data["so_ban_sao"] == 2
    assert (dossier.applicant_name, dossier.applicant_id_number) == (
        "Nguyễn Văn An",
        "051085000001",
    )
    assert dossier.intake_due_at is not None  # the 8-working-hour intake clock runs
    components = {c.name: c for c in dossier.components.all()}
    assert components["Giấy chứng sinh"].files.count() == 2
    assert components["Tờ khai đăng ký khai sinh"].digitised
    assert "Giấy chứng nhận kết hôn của cha, mẹ" not in components  # optional, nothing attached
    assert OnlineIntake.objects.get(dossier=dossier).key == str(submission.key)

    confirmation = client.get(done.url).content.decode()
    assert dossier.code in confirmation
    assert filing.desk.name in confirmation and "8 giờ làm việc" in confirmation
    assert f"/tra-cuu/?ma={dossier.code}" in confirmation

    # The back button, a second click, another tab: still one dossier.
    again = client.post(_url(submission, "kiem-tra"), {"action": "submit", "confirm": "on"})
    assert again.status_code == 302 and again.url.endswith("/da-nop/")
    assert services.submit(submission, user=filing.citizen) == dossier
    assert Dossier.objects.filter(owner=filing.citizen).count() == 1


@pytest.mark.criterion("PL3-4")
def test_refused_files_are_explained_and_the_draft_keeps_the_others(client, filing, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 2000
    submission = _start(client, filing)
    _fill_to_components(client, filing, submission)
    field = f"upload-{filing.birth_certificate.pk}"
    client.post(_url(submission, "giay-to"), {field: [pdf("dau.pdf")], "action": "attach"})
    response = client.post(
        _url(submission, "giay-to"),
        {
            field: [exe("virus.pdf"), pdf("qua-lon.pdf", size=5000)],
            f"upload-{filing.marriage.pk}": [png("ket-hon.png")],
            "action": "attach",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tệp “virus.pdf” không đúng định dạng cho phép (PDF, JPEG, PNG" in page
    assert re.search(r"Tệp “qua-lon.pdf” \([\d,]+ MB\) vượt quá dung lượng tối đa", page)
    names = sorted(f.name for f in submission.files.all())
    assert names == ["dau.pdf", "ket-hon.png"]
    # The count limit (2 files) is enforced too.
    response = client.post(
        _url(submission, "giay-to"), {field: [pdf("ba.pdf"), pdf("bon.pdf")], "action": "attach"}
    )
    assert "chỉ nhận tối đa 2 tệp" in response.content.decode()
    assert submission.files.filter(requirement=filing.birth_certificate).count() == 2


@pytest.mark.criterion("PL3-4")
def test_documents_from_the_store_are_reused_without_uploading_again(client, filing):
    stored = services.store_document(user=filing.citizen, upload=pdf("cu.pdf"), title="Giấy cũ")
    foreign = services.store_document(user=filing.other_citizen, upload=pdf("la.pdf"))
    submission = _start(client, filing)
    _fill_to_components(client, filing, submission)
    page = client.get(_url(submission, "giay-to")).content.decode()
    assert "Giấy cũ" in page and "la.pdf" not in page
    client.post(
        _url(submission, "giay-to"),
        {
            f"reuse-{filing.birth_certificate.pk}": [f"doc:{stored.pk}", f"doc:{foreign.pk}"],
            "action": "attach",
        },
    )
    rows = list(submission.files.all())
    assert [(r.document_id, r.reused) for r in rows] == [(stored.pk, True)]


@pytest.mark.criterion("PL3-1")
def test_the_form_is_prefilled_from_the_profile_and_checked_field_by_field(client, filing):
    submission = _start(client, filing)
    client.post(_url(submission, "truong-hop"), {"case": filing.case.pk, "action": "next"})
    page = client.get(_url(submission, "to-khai")).content.decode()
    assert 'value="051085000001"' in page and "Điền sẵn từ thông tin tài khoản" in page
    assert 'autocomplete="name"' in page
    wrong = dict(FORM)
    wrong["f.nguoi_yeu_cau.so_dinh_danh"] = "099085000001"
    wrong["f.tre_em.ngay_sinh"] = "31/02/2025"
    wrong.pop("f.tre_em.gioi_tinh")
    wrong["f.so_ban_sao"] = "hai"
    response = client.post(_url(submission, "to-khai"), wrong)
    assert response.status_code == 400
    page = response.content.decode()
    assert "không phải mã tỉnh, thành phố" in page
    assert "Ngày không hợp lệ" in page
    assert "Vui lòng chọn một mục." in page
    assert "Vui lòng nhập một số nguyên" in page
    # Errors are tied to their fields for assistive technology.
    assert 'id="f-tre_em-ngay_sinh-error"' in page
    assert re.search(r'name="f.tre_em.ngay_sinh"[^>]*aria-invalid="true"', page) or re.search(
        r'aria-describedby="[^"]*f-tre_em-ngay_sinh-error"', page
    )
    # The draft kept what was typed, valid or not.
    submission.refresh_from_db()
    assert submission.form_data["so_ban_sao"] == "hai"


@pytest.mark.criterion("PL3-1")
def test_a_later_dossier_is_prefilled_from_the_earlier_one(client, filing):
    first = _start(client, filing)
    _fill_to_components(client, filing, first)
    filing.citizen.address = ""
    filing.citizen.save()
    from motcua.dossiers import services as lifecycle
    from motcua.dossiers.tests.world import applicant

    lifecycle.submit(
        actor=filing.citizen,
        procedure_version=filing.version,
        case=filing.case,
        channel=DossierChannel.ONLINE_PORTAL,
        receiving_agency=filing.desk,
        applicant=applicant(),
        form_data={
            "nguoi_yeu_cau": {
                "ho_ten": "Nguyễn Văn An",
                "so_dinh_danh": "051085000001",
                "noi_cu_tru": "Thôn Mỹ Khê, xã Tịnh Khê",
            },
            "tre_em": {"ho_ten": "Bé Một", "ngay_sinh": "2024-01-02", "gioi_tinh": "Nữ"},
        },
    )
    second = _start(client, filing)
    assert second.form_data["nguoi_yeu_cau"]["noi_cu_tru"] == "Thôn Mỹ Khê, xã Tịnh Khê"
    assert "tre_em" not in second.form_data  # the child is never carried over


def test_rows_are_added_and_removed_without_javascript(client, filing):
    submission = _start(client, filing)
    client.post(_url(submission, "truong-hop"), {"case": filing.case.pk, "action": "next"})
    data = {**FORM, "f.anh_chi_em.0.ho_ten": "Nguyễn Lan", "_add_row": "anh_chi_em"}
    page = client.post(_url(submission, "to-khai"), data).content.decode()
    assert 'name="f.anh_chi_em.1.ho_ten"' in page
    data = {**FORM, "f.anh_chi_em.0.ho_ten": "Nguyễn Lan", "f.anh_chi_em.1.ho_ten": "Nguyễn Huệ"}
    client.post(_url(submission, "to-khai"), {**data, "action": "save"})
    submission.refresh_from_db()
    assert [r["ho_ten"] for r in submission.form_data["anh_chi_em"]] == ["Nguyễn Lan", "Nguyễn Huệ"]
    client.post(_url(submission, "to-khai"), {**data, "_remove_row": "anh_chi_em.0"})
    submission.refresh_from_db()
    assert [r["ho_ten"] for r in submission.form_data["anh_chi_em"]] == ["Nguyễn Huệ"]


def test_htmx_saves_the_draft_on_change(client, filing):
    submission = _start(client, filing)
    response = client.post(
        _url(submission, "to-khai") + "?autosave=1",
        {"f.tre_em.ho_ten": "Khôi"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Đã tự động lưu" in response.content.decode()
    submission.refresh_from_db()
    assert submission.form_data["tre_em"] == {"ho_ten": "Khôi"}


def test_changing_the_case_drops_files_of_the_other_case(client, filing):
    submission = _start(client, filing)
    client.post(_url(submission, "truong-hop"), {"case": filing.other_case.pk, "action": "next"})
    own = filing.version.components.get(case=filing.other_case)
    client.post(_url(submission, "giay-to"), {f"upload-{own.pk}": [pdf()], "action": "attach"})
    assert submission.files.count() == 1
    client.post(_url(submission, "truong-hop"), {"case": filing.case.pk, "action": "next"})
    assert submission.files.count() == 0
    assert StoredDocument.objects.filter(owner=filing.citizen).count() == 1  # still in the store


def test_drafts_are_private_and_resumable(client, filing):
    submission = _start(client, filing)
    client.force_login(filing.other_citizen)
    assert client.get(_url(submission, "to-khai")).status_code == 404
    assert client.post(_url(submission, "to-khai"), FORM).status_code == 404
    client.force_login(filing.citizen)
    mine = client.get("/ho-so-cua-toi/").content.decode()
    assert f"/nop-ho-so/ho-so-nhap/{submission.key}/" in mine
    start = client.get(f"/nop-ho-so/{filing.procedure.national_code}/").content.decode()
    assert "Làm tiếp hồ sơ nháp" in start


def test_an_unverified_account_is_told_to_verify_first(client, filing):
    client.force_login(filing.unverified)
    page = client.get(f"/nop-ho-so/{filing.procedure.national_code}/").content.decode()
    assert "Cần xác minh tài khoản" in page
    client.post(f"/nop-ho-so/{filing.procedure.national_code}/")
    assert not Submission.objects.exists()


@pytest.mark.criterion("PL3-19")
def test_the_filing_switch(client, filing, settings):
    detail = f"/thu-tuc/{filing.procedure.national_code}/"
    wizard = f'href="/nop-ho-so/{filing.procedure.national_code}/"'
    assert wizard in client.get(detail).content.decode()
    settings.MOTCUA_PORTAL_FILING_ENABLED = False
    html = client.get(detail).content.decode()
    assert "dichvucong.gov.vn" in html and "/nop-ho-so/" not in html
    client.force_login(filing.citizen)
    page = client.get(f"/nop-ho-so/{filing.procedure.national_code}/").content.decode()
    assert "Nộp hồ sơ trên Cổng Dịch vụ công quốc gia" in page
    assert client.get("/ho-so-cua-toi/").status_code == 200  # the rest of the portal stays
    assert client.get("/tra-cuu/").status_code == 200


@override_settings(LANGUAGE_CODE="vi")
def test_login_is_required(client, filing):
    response = client.get(f"/nop-ho-so/{filing.procedure.national_code}/")
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response.url
