"""A local stand-in for a brand-name SMS gateway's JSON API (tests only).

It records every request and answers from a scripted list of (status, body) replies; once the
script is used up it answers 200 with a message id.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class ReceivedRequest:
    path: str
    headers: dict[str, str]
    body: dict
    at: float  # time.monotonic() on arrival, to check the back-off between retries


class FakeSmsGateway:
    def __init__(self, replies: list[tuple[int, dict]] | None = None) -> None:
        self.replies = list(replies or [])
        self.received: list[ReceivedRequest] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/sms/send"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSmsGateway:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length).decode("utf-8"))
                gateway.received.append(
                    ReceivedRequest(self.path, dict(self.headers), body, time.monotonic())
                )
                if gateway.replies:
                    status, answer = gateway.replies.pop(0)
                else:
                    status, answer = 200, {"id": f"gw-{len(gateway.received)}", "status": "queued"}
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
