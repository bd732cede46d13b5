"""The redirect gateway plug-in against the local fake gateway: redirect, return, IPN, failures,
late success, duplicates, tampering, amount and reference checks, reconciliation by query."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from motcua.core import events
from motcua.core.models import AuditEntry
from motcua.dossiers import services as ds
from motcua.dossiers.states import State
from motcua.dossiers.tests.world import v
from motcua.payments import services
from motcua.payments.models import Payment, PaymentEvent, Settlement

from .helpers import (
    awaiting_payment,
    choose_on_gateway,
    ipn_url,
    open_gateway_page,
    received_online,
    start_online,
)

pytestmark = pytest.mark.usefixtures("payments_on")


def _ipn(client, params):
    response = client.post(ipn_url(), params)
    assert response["Content-Type"] == "application/json"
    return response.json()["code"]


def _paid_online_entries(dossier):
    return dossier.history.filter(action="record_payment").count()


@pytest.mark.criterion("PL3-2", "PL2-2.8")
def test_citizen_pays_through_the_gateway_and_the_ipn_records_it(
    client, world, gateway, django_capture_on_commit_callbacks
):
    on_commit = django_capture_on_commit_callbacks
    d = received_online(world)
    client.force_login(world.citizen)
    response, payment = start_online(client, d)
    # Redirected to the gateway, whose page accepts our signature and shows 8.000 đồng.
    assert response.status_code == 302 and response["Location"].startswith(gateway.base)
    status, page = open_gateway_page(response["Location"])
    assert status == 200 and "8.000 VND" in page and payment.reference in page
    assert gateway.orders[payment.reference].params["amount"] == "800000"  # đồng × 100
    assert payment.status == "pending" and payment.amount == Decimal(8000)

    # The payer pays; the browser comes back before the IPN: still pending, said honestly.
    back = client.get(choose_on_gateway(gateway, response["Location"], "pay"))
    assert back.status_code == 302
    page = client.get(back["Location"]).content.decode()
    assert "Đang chờ xác nhận thanh toán" in page
    assert "Cổng thanh toán báo giao dịch đã thực hiện" in page
    payment.refresh_from_db()
    assert payment.status == "pending"
    d.refresh_from_db()
    assert d.fees.get().status == "due"

    with on_commit(execute=True), events.capture("payment.") as seen:
        assert _ipn(client, gateway.outbox[0]) == "00"
    payment.refresh_from_db()
    assert (payment.status, payment.settlement) == ("succeeded", Settlement.APPLIED)
    assert payment.provider_reference.startswith("GW")
    fee = d.fees.get()
    assert (fee.status, fee.paid_online, fee.online_channel, fee.method) == (
        "paid",
        True,
        "local_gateway",
        "online",
    )
    assert fee.receipt_number == payment.reference
    entry = d.history.order_by("seq").last()
    assert (entry.action, entry.actor, entry.data["paid_online"]) == ("record_payment", None, True)
    assert services.online_payment_flag(d) == 2
    assert [e.name for e in seen] == ["payment.succeeded"]
    assert "Thanh toán thành công" in client.get(back["Location"]).content.decode()

    # The gateway retries: answered "already confirmed", recorded once.
    assert _ipn(client, gateway.outbox[0]) == "02"
    assert _paid_online_entries(d) == 1
    # The raw callback is kept, its signature masked.
    stored = payment.events.get(kind="ipn", outcome="succeeded").data
    assert stored["order_ref"] == payment.reference
    assert stored["signature"].endswith("…") and len(stored["signature"]) == 7


@pytest.mark.criterion("PL2-2.8")
def test_paying_everything_due_takes_the_dossier_out_of_status_6(client, world, gateway):
    d = awaiting_payment(world)
    assert (d.state, d.national_status) == (State.AWAITING_PAYMENT, 6)
    client.force_login(world.citizen)
    response, payment = start_online(client, d)
    assert payment.amount == Decimal(58000)  # 8.000 at reception + 50.000 after appraisal
    choose_on_gateway(gateway, response["Location"], "pay")
    assert _ipn(client, gateway.outbox[0]) == "00"
    d.refresh_from_db()
    assert (d.state, d.national_status) == (State.PROCESSING, 4)
    assert not d.fees.filter(status="due").exists()


def test_tampered_signature_is_rejected_and_changes_nothing(client, world, gateway):
    d = received_online(world)
    client.force_login(world.citizen)
    response, payment = start_online(client, d)
    # The gateway refuses a redirect whose amount was changed on the way.
    status, _page = open_gateway_page(response["Location"].replace("amount=800000", "amount=100"))
    assert status == 400 and payment.reference in gateway.rejected
    choose_on_gateway(gateway, response["Location"], "pay")
    forged = {**gateway.outbox[0], "transaction_no": "GW99999999"}  # signed value altered
    assert _ipn(client, forged) == "97"
    unsigned = {k: v for k, v in gateway.outbox[0].items() if k != "signature"}
    assert _ipn(client, unsigned) == "97"
    wrong_key = {**gateway.outbox[0]}
    from motcua.payments.contrib.gateway import protocol

    wrong_key["signature"] = protocol.sign(wrong_key, "khoa-khac")
    assert _ipn(client, wrong_key) == "97"
    # A tampered browser return is refused too, and says so.
    back = client.get(f"/thanh-toan/cong/gateway/tra-ve/?order_ref={payment.reference}&amount=1")
    assert back.status_code == 400
    assert "Không xác nhận được thông tin do cổng thanh toán gửi về" in back.content.decode()
    payment.refresh_from_db()
    assert payment.status == "pending"
    assert d.fees.get().status == "due"
    assert AuditEntry.objects.filter(action="payment.callback_rejected").count() == 4
    assert payment.events.filter(outcome="bad_signature").count() == 4


def test_amount_or_reference_mismatch_is_rejected(client, world, gateway):
    d = received_online(world)
    client.force_login(world.citizen)
    response, payment = start_online(client, d)
    choose_on_gateway(gateway, response["Location"], "pay")
    # Correctly signed by the gateway, but for 1.000 đồng, or with a fraction of a đồng.
    assert _ipn(client, gateway.callback(payment.reference, amount="100000")) == "04"
    assert _ipn(client, gateway.callback(payment.reference, amount="800050")) == "04"
    assert _ipn(client, gateway.callback("MC0000000000")) == "01"
    payment.refresh_from_db()
    assert payment.status == "pending" and d.fees.get().status == "due"
    assert payment.events.filter(outcome="amount_mismatch").count() == 2
    # The right notification still goes through afterwards.
    assert _ipn(client, gateway.outbox[0]) == "00"


@pytest.mark.criterion("PL2-2.8")
def test_failure_then_late_success_records_the_payment_once(client, world, gateway):
    d = received_online(world)
    client.force_login(world.citizen)
    response, payment = start_online(client, d)
    back = client.get(choose_on_gateway(gateway, response["Location"], "fail"))
    payment.refresh_from_db()
    assert (payment.status, payment.failure_code) == ("failed", "51")  # from the signed return
    page = client.get(back["Location"]).content.decode()
    assert "Giao dịch không thành công" in page and "Thanh toán lại" in page
    assert _ipn(client, gateway.outbox.pop()) == "02"  # the failure IPN: already known
    # The bank settles after all and the gateway says so.
    late = gateway.callback(payment.reference, "00")
    assert _ipn(client, late) == "00"
    assert _ipn(client, late) == "02"
    payment.refresh_from_db()
    assert (payment.status, payment.settlement) == ("succeeded", Settlement.APPLIED)
    assert d.fees.get().status == "paid"
    assert _paid_online_entries(d) == 1
    kinds = list(payment.events.values_list("kind", "status_before", "status_after"))
    assert ("return", "pending", "failed") in kinds and ("ipn", "failed", "succeeded") in kinds
    # A failure reported after the success is ignored: money received stays received.
    assert _ipn(client, gateway.callback(payment.reference, "51")) == "02"
    payment.refresh_from_db()
    assert payment.status == "succeeded"


def test_cancel_on_the_gateway_then_pay_again(client, world, gateway):
    d = received_online(world)
    client.force_login(world.citizen)
    r1, first = start_online(client, d, key="a")
    client.get(choose_on_gateway(gateway, r1["Location"], "cancel"))
    first.refresh_from_db()
    assert first.status == "cancelled"
    r2, second = start_online(client, d, key="b")
    assert second.pk != first.pk
    choose_on_gateway(gateway, r2["Location"], "pay")
    assert _ipn(client, gateway.outbox[-1]) == "00"
    second.refresh_from_db()
    assert second.status == "succeeded"


def test_same_form_twice_is_one_attempt_and_a_new_attempt_replaces_an_open_one(
    client, world, gateway
):
    d = received_online(world)
    client.force_login(world.citizen)
    r1, p1 = start_online(client, d, key="same")
    r2, p2 = start_online(client, d, key="same")
    assert p1.pk == p2.pk and r1["Location"] == r2["Location"]
    assert Payment.objects.filter(dossier=d).count() == 1
    r3, p3 = start_online(client, d, key="other")
    p1.refresh_from_db()
    assert p1.status == "cancelled" and p3.status == "pending"
    assert p1.events.filter(kind="superseded").exists()
    # The replaced attempt succeeds late: the money still counts (fees were due).
    open_gateway_page(r1["Location"])
    assert _ipn(client, gateway.callback(p1.reference)) == "00"
    p1.refresh_from_db()
    assert (p1.status, p1.settlement) == ("succeeded", Settlement.APPLIED)
    # …and then the newer one too: nothing left to pay, so it is flagged for refund.
    open_gateway_page(r3["Location"])
    assert _ipn(client, gateway.callback(p3.reference)) == "00"
    p3.refresh_from_db()
    assert (p3.status, p3.settlement, p3.refund_amount) == (
        "succeeded",
        Settlement.REFUND,
        Decimal(8000),
    )
    assert "đã được nộp trước đó" in p3.settlement_note
    assert _paid_online_entries(d) == 1


@pytest.mark.criterion("PL2-2.8")
def test_money_arriving_after_a_desk_payment_or_a_stop_is_flagged_for_refund(
    client, world, gateway, django_capture_on_commit_callbacks
):
    on_commit = django_capture_on_commit_callbacks
    d = received_online(world)
    client.force_login(world.citizen)
    response, payment = start_online(client, d)
    choose_on_gateway(gateway, response["Location"], "pay")
    # Meanwhile the citizen also paid at the desk.
    services.record_counter_payment(
        d, actor=world.reception, expected_version=d.version, method="cash", receipt_number="BL-7"
    )
    with on_commit(execute=True), events.capture("payment.") as seen:
        assert _ipn(client, gateway.outbox[0]) == "00"
    payment.refresh_from_db()
    assert (payment.status, payment.settlement, payment.refund_amount) == (
        "succeeded",
        Settlement.REFUND,
        Decimal(8000),
    )
    assert [e.name for e in seen] == ["payment.succeeded", "payment.refund_needed"]
    assert d.fees.get().receipt_number == "BL-7"

    other = awaiting_payment(world)
    r_late, late = start_online(client, other, key="x")
    choose_on_gateway(gateway, r_late["Location"], "pay")
    ds.stop(other, actor=world.agency_leader, **v(other), reason="Quyết định dừng")
    assert _ipn(client, gateway.outbox[-1]) == "00"
    late.refresh_from_db()
    assert late.settlement == Settlement.REFUND and late.refund_amount == late.amount
    assert "Dừng xử lý" in late.settlement_note


def test_reconciliation_asks_the_gateway_and_expires_stale_attempts(client, world, gateway):
    d = received_online(world)
    client.force_login(world.citizen)
    r_paid, paid = start_online(client, d, key="p")
    choose_on_gateway(gateway, r_paid["Location"], "pay")  # the IPN never arrives
    report = services.reconcile()
    assert (report.checked, report.succeeded) == (1, 1)
    paid.refresh_from_db()
    assert paid.status == "succeeded" and paid.events.filter(kind="query").exists()
    assert services.reconcile().checked == 0

    other = awaiting_payment(world)
    r_wait, waiting = start_online(client, other, key="w")
    open_gateway_page(r_wait["Location"])  # the payer left the gateway's page open
    assert services.reconcile().expired == 0
    waiting.refresh_from_db()
    assert waiting.status == "pending"
    assert waiting.events.filter(kind="query", outcome="pending").exists()
    later = timezone.now() + dt.timedelta(minutes=31)
    assert services.reconcile(later).expired == 1
    waiting.refresh_from_db()
    assert waiting.status == "expired"
    assert PaymentEvent.objects.filter(payment=waiting, kind="expire").count() == 1
