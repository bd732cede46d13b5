"""Pages and permissions: the owner's pages, officers' desk payments, transfer confirmation,
statement import, export, the receipt and the ``payment_box`` tag."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from motcua.core.models import AuditEntry
from motcua.documents.tests import pdftools
from motcua.dossiers.tests.world import Clock, counter_dossier
from motcua.payments import services
from motcua.payments.models import Payment, Settlement

from .helpers import awaiting_payment, pay_url, received_online, start_online

pytestmark = pytest.mark.usefixtures("payments_on")


def _attempt_url(payment, name="payments:attempt"):
    return reverse(name, kwargs={"reference": payment.reference})


@pytest.mark.criterion("PL3-2")
def test_owner_sees_fees_and_methods_others_get_404(client, world):
    d = received_online(world)
    url = pay_url(d)
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(world.stranger)
    assert client.get(url).status_code == 404
    assert client.post(url, {"provider": "gateway", "idempotency_key": "s"}).status_code == 404
    assert not Payment.objects.exists()
    client.force_login(world.citizen)
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Lệ phí đăng ký" in html and "8.000 đồng" in html and "Thanh toán 8.000 đồng" in html
    assert "Chuyển khoản ngân hàng bằng mã VietQR" in html
    assert "Thanh toán trực tuyến qua cổng thanh toán của tỉnh" in html
    assert "Nộp trực tiếp tại Bộ phận Một cửa" not in html  # the desk's method is not offered
    # The gateway's origin is allowed as a form target (the redirect after the POST).
    csp = page["Content-Security-Policy"]
    form_action = next(part for part in csp.split(";") if "form-action" in part)
    assert "'self'" in form_action and "http://127.0.0.1:" in form_action
    # No method chosen: a clear message, nothing written.
    bad = client.post(url, {"idempotency_key": "k"})
    assert "Vui lòng chọn hình thức thanh toán." in bad.content.decode()
    assert not Payment.objects.exists()


def test_attempts_and_receipts_of_another_citizen_are_hidden(client, world, gateway):
    d = received_online(world)
    client.force_login(world.citizen)
    _response, payment = start_online(client, d)
    client.force_login(world.stranger)
    for name in ("payments:attempt", "payments:attempt_status", "payments:receipt"):
        assert client.get(_attempt_url(payment, name)).status_code == 404
    index = client.get(reverse("payments:index")).content.decode()
    assert d.code not in index and payment.reference not in index
    client.force_login(world.citizen)
    index = client.get(reverse("payments:index")).content.decode()
    assert d.code in index and payment.reference in index


def test_nothing_to_pay_or_not_payable(client, world):
    clock = Clock()
    from motcua.dossiers.tests.world import online_dossier

    submitted = online_dossier(world, clock)  # not received yet: no fees exist
    client.force_login(world.citizen)
    page = client.get(pay_url(submitted)).content.decode()
    assert "Hồ sơ không còn khoản phí, lệ phí nào chưa nộp." in page
    response = client.post(pay_url(submitted), {"provider": "gateway", "idempotency_key": "z"})
    assert "Hồ sơ đang ở trạng thái “Mới đăng ký”" in response.content.decode()
    assert not Payment.objects.exists()


def test_status_fragment_polls_only_while_pending(client, world, gateway):
    d = received_online(world)
    client.force_login(world.citizen)
    _response, payment = start_online(client, d)
    page = client.get(_attempt_url(payment)).content.decode()
    assert 'hx-trigger="every 2s"' in page and "Tải lại" in page
    status_url = _attempt_url(payment, "payments:attempt_status")
    assert client.get(status_url).status_code == 302  # without htmx: the full page
    fragment = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="attempt-status"') and "hx-get" in fragment
    client.post(reverse("payments:ipn", kwargs={"provider_id": "gateway"}), _paid(gateway, payment))
    fragment = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in fragment and "Thanh toán thành công" in fragment


def _paid(gateway, payment):
    from .fake_gateway import Order

    gateway.orders[payment.reference] = Order({"amount": str(int(payment.amount) * 100)})
    return gateway.callback(payment.reference)


@pytest.mark.criterion("PL2-2.8")
def test_reception_records_a_desk_payment_with_its_receipt_number(client, world, tmp_path):
    d = counter_dossier(world, Clock())
    url = reverse("payments:officer_dossier", kwargs={"code": d.code})
    fee = d.fees.get()
    client.force_login(world.specialist)  # sees the dossier, may not record payments
    page = client.get(url)
    assert (
        page.status_code == 200 and "Ghi nhận nộp tại Bộ phận Một cửa" not in page.content.decode()
    )
    assert client.post(url, {"method": "cash", "receipt_number": "BL-1"}).status_code == 403
    client.force_login(world.stranger)
    assert client.get(url).status_code == 403  # not an official
    client.force_login(world.reception)
    missing = client.post(url, {"method": "cash", "fee_ids": [fee.pk], "version": d.version})
    assert "Vui lòng nhập số biên lai." in missing.content.decode()
    stale = client.post(
        url,
        {"method": "cash", "receipt_number": "BL-1", "fee_ids": [fee.pk], "version": d.version - 1},
    )
    assert "Hồ sơ vừa được người khác cập nhật" in stale.content.decode()
    assert not Payment.objects.exists()
    done = client.post(
        url,
        {"method": "card", "receipt_number": "0001234", "fee_ids": [fee.pk], "version": d.version},
        follow=True,
    )
    assert "Đã ghi nhận nộp 8.000 đồng (biên lai 0001234)." in done.content.decode()
    fee.refresh_from_db()
    assert (fee.status, fee.method, fee.receipt_number, fee.paid_online) == (
        "paid",
        "card",
        "0001234",
        False,
    )
    payment = Payment.objects.get()
    assert (payment.provider, payment.status, payment.confirmed_by) == (
        "counter",
        "succeeded",
        world.reception,
    )
    assert d.history.order_by("seq").last().actor == world.reception
    assert AuditEntry.objects.filter(action="payment.succeeded", actor=world.reception).exists()
    receipt = client.get(_attempt_url(payment, "payments:receipt"))
    assert receipt["Content-Type"] == "application/pdf"
    text = pdftools.text(receipt.content, tmp_path)
    for expected in ("BIÊN NHẬN THANH TOÁN PHÍ, LỆ PHÍ", d.code, "8.000 đồng", "0001234"):
        assert expected in text


@pytest.mark.criterion("PL3-2", "PL2-2.8")
def test_vietqr_transfer_confirmed_by_an_officer(client, world):
    d = received_online(world)
    client.force_login(world.citizen)
    response, payment = start_online(client, d, provider="vietqr")
    assert response["Location"] == _attempt_url(payment)
    page = client.get(response["Location"]).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page and payment.reference in page
    assert "113366668888" in page and "Đang chờ xác nhận thanh toán" in page
    confirm = reverse("payments:officer_confirm", kwargs={"reference": payment.reference})
    client.force_login(world.specialist)
    client.post(confirm, {"bank_reference": "FT26061000001"})
    payment.refresh_from_db()
    assert payment.status == "pending"  # not allowed to record payments
    client.force_login(world.reception)
    officer_page = client.get(reverse("payments:officer_dossier", kwargs={"code": d.code}))
    assert "Xác nhận đã nhận tiền" in officer_page.content.decode()
    client.post(confirm, {"bank_reference": ""})
    payment.refresh_from_db()
    assert payment.status == "pending"
    client.post(confirm, {"bank_reference": "FT26061000001"})
    payment.refresh_from_db()
    assert (payment.status, payment.provider_reference, payment.confirmed_by) == (
        "succeeded",
        "FT26061000001",
        world.reception,
    )
    fee = d.fees.get()
    # A transfer to the agency's account: paid, but not "online payment" in the QĐ 766 sense.
    assert (fee.status, fee.method, fee.paid_online) == ("paid", "bank_transfer", False)
    assert services.online_payment_flag(d) is None


def _statement(*lines: str) -> SimpleUploadedFile:
    text = "Ngày giao dịch;Số tiền ghi có;Số tiền ghi nợ;Nội dung;Mã giao dịch\n" + "\n".join(lines)
    return SimpleUploadedFile("sao-ke.csv", text.encode("utf-8-sig"), content_type="text/csv")


@pytest.mark.criterion("PL2-2.8")
def test_bank_statement_import_matches_references_once(client, world):
    client.force_login(world.citizen)
    d1, d2 = received_online(world), awaiting_payment(world)
    _r, p1 = start_online(client, d1, provider="vietqr", key="1")
    _r, p2 = start_online(client, d2, provider="vietqr", key="2")
    spaced = f"{p1.reference[:5]} {p1.reference[5:].lower()}"  # banks re-space and re-case
    rows = (
        f"02/03/2026;8.000;;CT DEN:0612 {spaced} NGUYEN VAN AN CHUYEN TIEN;FT001",
        f"02/03/2026;50000;;{p2.reference} nop phi;FT002",  # 58.000 due
        "02/03/2026;120.000;;Tien dien thang 2;FT003",
        "02/03/2026;;30.000;Phi dich vu;FT004",  # a debit: ignored
    )
    url = reverse("payments:officer_statement")
    client.force_login(world.reception)
    page = client.post(url, {"file": _statement(*rows)}).content.decode()
    assert "Đã ghi nhận" in page and "Số tiền chuyển khác số tiền phải nộp (58.000 đồng)." in page
    assert "Không tìm thấy mã thanh toán trong nội dung chuyển khoản." in page
    p1.refresh_from_db()
    p2.refresh_from_db()
    assert (p1.status, p1.provider_reference, p1.settlement) == ("succeeded", "FT001", "applied")
    assert p2.status == "pending"
    assert d1.fees.get().status == "paid"
    again = client.post(url, {"file": _statement(*rows)}).content.decode()
    assert "Giao dịch đã được xác nhận trước đó." in again
    assert d1.history.filter(action="record_payment").count() == 1
    # Officers of another desk see the line as out of their scope.
    client.force_login(world.commune_reception)
    fixed = f"02/03/2026;58.000;;{p2.reference};FT005"
    other = client.post(url, {"file": _statement(fixed)}).content.decode()
    assert "Hồ sơ ngoài phạm vi bạn được ghi nhận nộp phí." in other
    bad = client.post(url, {"file": SimpleUploadedFile("x.csv", b"a;b\n1;2")}).content.decode()
    assert "Không nhận ra cột số tiền và cột nội dung" in bad
    binary = client.post(url, {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00a")})
    assert "Tệp sao kê phải là tệp CSV mã hóa UTF-8." in binary.content.decode()


def test_officers_list_filter_and_export_what_they_may_see(client, world, gateway):
    d = received_online(world)
    client.force_login(world.citizen)
    _r, online = start_online(client, d)
    other = counter_dossier(world, Clock())
    services.record_counter_payment(
        other,
        actor=world.reception,
        expected_version=other.version,
        method="cash",
        receipt_number="BL-2",
    )
    client.force_login(world.reception)
    listing = client.get(reverse("payments:officer_list")).content.decode()
    assert online.reference in listing and "2 giao dịch" in listing
    filtered = client.get(reverse("payments:officer_list"), {"status": "pending"}).content.decode()
    assert online.reference in filtered and "1 giao dịch" in filtered
    export = client.get(reverse("payments:officer_export"), {"status": "succeeded"})
    assert export["Content-Disposition"].startswith('attachment; filename="giao-dich-thanh-toan-')
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã thanh toán", "Mã hồ sơ", "Chủ hồ sơ")
    assert len(rows) == 2 and rows[1][1] == other.code and rows[1][6] == 8000
    assert rows[1][11] == "BL-2"
    # An official of an unrelated desk sees none of them.
    client.force_login(world.commune_reception)
    assert "0 giao dịch" in client.get(reverse("payments:officer_list")).content.decode()
    client.force_login(world.citizen)
    assert client.get(reverse("payments:officer_list")).status_code == 403


def test_payment_box_for_owner_officer_and_others(world):
    d = received_online(world)
    template = Template("{% load payment_tags %}{% payment_box dossier %}")

    def render(user):
        request = RequestFactory().get("/")
        request.user = user
        return template.render(Context({"dossier": d, "request": request}))

    owner = render(world.citizen)
    assert "8.000 đồng" in owner and pay_url(d) in owner
    desk = render(world.reception)
    assert "Ghi nhận nộp phí, xác nhận chuyển khoản" in desk and pay_url(d) not in desk
    assert "Xem các giao dịch thanh toán" in render(world.specialist)
    assert render(world.stranger).strip() == ""


def test_refund_is_shown_to_the_payer_and_the_officer(client, world, gateway):
    d = received_online(world)
    client.force_login(world.citizen)
    _r, payment = start_online(client, d)
    services.record_counter_payment(
        d, actor=world.reception, expected_version=d.version, method="cash", receipt_number="B9"
    )
    client.post(reverse("payments:ipn", kwargs={"provider_id": "gateway"}), _paid(gateway, payment))
    payment.refresh_from_db()
    assert payment.settlement == Settlement.REFUND and payment.refund_amount == Decimal(8000)
    assert (
        "Số tiền 8.000 đồng sẽ được hoàn trả." in client.get(_attempt_url(payment)).content.decode()
    )
    client.force_login(world.reception)
    page = client.get(reverse("payments:officer_dossier", kwargs={"code": d.code})).content.decode()
    assert "Cần hoàn trả 8.000 đồng" in page


def test_english_pages(client, world):
    d = received_online(world)
    client.force_login(world.citizen)
    with translation.override("vi"):  # the middleware's English must not outlive the test
        page = client.get("/en" + pay_url(d)).content.decode()
    assert "VND 8,000" in page and "Pay fees and charges for dossier" in page
