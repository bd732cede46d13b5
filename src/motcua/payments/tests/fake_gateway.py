"""A local stand-in for a redirect payment gateway speaking ``contrib.gateway.protocol``
(tests only). It serves its own payment page, checks our signatures, signs what it sends back,
answers status queries, and delivers server-to-server notifications (IPN) either at once
(``ipn_mode="immediate"``) or when the test says so (``"manual"``: kept in ``outbox``).
"""

from __future__ import annotations

import html
import json
import threading
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from motcua.payments.contrib.gateway import protocol as p

MERCHANT = "QNG-DVC"
SECRET = "khoa-bi-mat-thu-nghiem"
CHOICES = {"pay": p.PAID, "cancel": p.CANCELLED, "fail": "51"}


@dataclass
class Order:
    params: dict[str, str]
    code: str = ""  # response code once the payer chose; "" while on the payment page
    transaction_no: str = ""


@dataclass
class FakeGateway:
    ipn_url: str = ""
    ipn_mode: str = "immediate"
    secret: str = SECRET
    merchant: str = MERCHANT
    orders: dict[str, Order] = field(default_factory=dict)
    outbox: list[dict[str, str]] = field(default_factory=list)
    ipn_replies: list[dict] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._counter = 0

    def __enter__(self) -> FakeGateway:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def settings(self) -> dict:
        """The ``GATEWAY`` part of ``MOTCUA_PAYMENTS`` pointing at this fake."""
        return {
            "URL": f"{self.base}/pay",
            "QUERY_URL": f"{self.base}/query",
            "MERCHANT": self.merchant,
            "SECRET": self.secret,
            "CHANNEL": "local_gateway",
            "AMOUNT_SCALE": 100,
        }

    # --- what the gateway sends ------------------------------------------------------------

    def callback(self, order_ref: str, code: str = p.PAID, **override) -> dict[str, str]:
        """Signed return/IPN parameters for an order (``override`` changes fields before
        signing; use ``tamper`` afterwards to break the signature)."""
        order = self.orders.get(order_ref)
        if order is not None and not order.transaction_no:
            self._counter += 1
            order.transaction_no = f"GW{self._counter:08d}"
        params = {
            "merchant": self.merchant,
            "order_ref": order_ref,
            "amount": order.params["amount"] if order else "0",
            "transaction_no": order.transaction_no if order else "GW-NONE",
            "response_code": code,
            "bank_code": "NCB",
            "paid_at": "20260302101500",
        }
        params.update(override)
        return p.signed(params, self.secret)

    def return_url(self, order_ref: str, params: dict[str, str]) -> str:
        return f"{self.orders[order_ref].params['return_url']}?{urlencode(params)}"

    def deliver(self, params: dict[str, str]) -> dict:
        """POST an IPN to ``ipn_url`` and return the merchant's JSON answer."""
        request = urllib.request.Request(  # noqa: S310  (a local test address)
            self.ipn_url, data=urlencode(params).encode("utf-8"), method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            reply = json.loads(response.read().decode("utf-8"))
        self.ipn_replies.append(reply)
        return reply

    def deliver_outbox(self) -> list[dict]:
        replies = [self.deliver(params) for params in self.outbox]
        self.outbox.clear()
        return replies

    # --- the HTTP side ---------------------------------------------------------------------

    def _choose(self, order_ref: str, choice: str) -> str:
        order = self.orders[order_ref]
        order.code = CHOICES.get(choice, "99")
        params = self.callback(order_ref, order.code)
        if self.ipn_mode == "immediate" and self.ipn_url:
            self.deliver(params)
        else:
            self.outbox.append(params)
        return self.return_url(order_ref, params)

    def _query(self, params: dict[str, str]) -> dict[str, str]:
        order = self.orders.get(params.get("order_ref", ""))
        if order is None:
            answer = {"merchant": self.merchant, "order_ref": params.get("order_ref", "")}
            answer.update(amount="0", transaction_no="", response_code=p.QUERY_NOT_FOUND)
            answer["paid_at"] = ""
            return p.signed(answer, self.secret)
        code = order.code or p.QUERY_NOT_PAID
        return self.callback(params["order_ref"], code)

    def _handler(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status: int, body: str, content_type="text/html; charset=utf-8"):
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _form(self) -> dict[str, str]:
                length = int(self.headers.get("Content-Length", 0))
                data = parse_qs(self.rfile.read(length).decode("utf-8"), keep_blank_values=True)
                return {k: v[0] for k, v in data.items()}

            def do_GET(self):
                url = urlsplit(self.path)
                params = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
                if url.path != "/pay":
                    return self._send(404, "not found")
                ours = params.get("merchant") == gateway.merchant
                if not (ours and p.verify(params, gateway.secret)):
                    gateway.rejected.append(params.get("order_ref", ""))
                    refused = _page("Chữ ký không hợp lệ", "<p>Yêu cầu bị từ chối.</p>")
                    return self._send(400, refused)
                gateway.orders.setdefault(params["order_ref"], Order(params))
                return self._send(200, _payment_page(params, gateway.merchant))

            def do_POST(self):
                url = urlsplit(self.path)
                form = self._form()
                if url.path == "/pay/confirm" and form.get("order_ref") in gateway.orders:
                    location = gateway._choose(form["order_ref"], form.get("choice", ""))
                    self.send_response(302)
                    self.send_header("Location", location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                if url.path == "/query":
                    if not p.verify(form, gateway.secret):
                        return self._send(400, "{}", "application/json")
                    return self._send(200, json.dumps(gateway._query(form)), "application/json")
                return self._send(404, "not found")

        return Handler


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body><main>"
        f"<h1>{html.escape(title)}</h1>{body}</main></body></html>"
    )


def _payment_page(params: dict[str, str], merchant: str) -> str:
    amount = int(params["amount"]) // 100
    shown = f"{amount:,}".replace(",", ".")
    ref = html.escape(params["order_ref"])
    body = (
        f"<p>Đơn vị: {html.escape(merchant)}</p>"
        f"<p>Mã đơn hàng: <strong>{ref}</strong></p>"
        f"<p>Số tiền: <strong>{shown} VND</strong></p>"
        f"<p>Nội dung: {html.escape(params.get('order_info', ''))}</p>"
        '<form method="post" action="/pay/confirm">'
        f'<input type="hidden" name="order_ref" value="{ref}">'
        '<button type="submit" name="choice" value="pay">Xác nhận thanh toán</button> '
        '<button type="submit" name="choice" value="fail">Giả lập thẻ không đủ số dư</button> '
        '<button type="submit" name="choice" value="cancel">Hủy giao dịch</button>'
        "</form>"
    )
    return _page("Cổng thanh toán thử nghiệm", body)
