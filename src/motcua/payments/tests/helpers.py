"""Dossiers with fees due, owned by the world's citizen, and the pay-online steps."""

from __future__ import annotations

import urllib.error
import urllib.request
from decimal import Decimal
from urllib.parse import parse_qs, urlencode, urlsplit

from django.urls import reverse

from motcua.dossiers import services as ds
from motcua.dossiers.tests.world import Clock, online_dossier, v
from motcua.payments.models import Payment


def received_online(world, clock: Clock | None = None):
    """The citizen's online dossier, received: the 8.000 đồng fee is due (status 2)."""
    clock = clock or Clock()
    d = online_dossier(world, clock)
    return ds.receive(d, actor=world.reception, **v(d), now=clock.tick())


def awaiting_payment(world, clock: Clock | None = None):
    """Received, assigned, then asked for a 50.000 đồng appraisal fee (status 6)."""
    clock = clock or Clock()
    d = received_online(world, clock)
    d = ds.forward(
        d, actor=world.division_leader, **v(d), assignee=world.specialist, now=clock.tick()
    )
    return ds.request_payment(
        d,
        actor=world.specialist,
        **v(d),
        items=[ds.FeeData("Phí thẩm định", Decimal(50000))],
        now=clock.tick(),
    )


def pay_url(dossier) -> str:
    return reverse("payments:dossier", kwargs={"code": dossier.code})


def ipn_url() -> str:
    return reverse("payments:ipn", kwargs={"provider_id": "gateway"})


def start_online(client, dossier, provider="gateway", key="k1"):
    """Submit the payment form as the logged-in client; returns (response, attempt)."""
    response = client.post(pay_url(dossier), {"provider": provider, "idempotency_key": key})
    return response, Payment.objects.filter(dossier=dossier).order_by("-id").first()


def open_gateway_page(url: str) -> tuple[int, str]:
    """What the payer's browser gets from the gateway for our redirect."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (local fake)
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def choose_on_gateway(gateway, redirect: str, choice: str) -> str:
    """Open the gateway's page we redirected to and press a button; returns the return URL
    (path and query) it sends the browser to — not followed: the test client plays the browser
    on our side."""
    status, _page = open_gateway_page(redirect)
    assert status == 200
    reference = parse_qs(urlsplit(redirect).query)["order_ref"][0]
    opener = urllib.request.build_opener(_NoRedirect)
    data = urlencode({"order_ref": reference, "choice": choice}).encode()
    try:
        opener.open(f"{gateway.base}/pay/confirm", data=data, timeout=10)
    except urllib.error.HTTPError as exc:
        location = exc.headers["Location"]
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}"
