"""Base of the local fake servers (``contrib/<system>/fake.py``): an ``http.server`` in a
thread that speaks a plug-in's HTTP/JSON protocol on a free port, keeps every request it received
so that a test can assert on it, and fails on demand (``fail_next``, ``outage``).

Used by tests and by anyone trying the integrations without the real systems; never in
production (the clients are pointed at it only through settings).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8")) if self.body else None


@dataclass
class _Failure:
    status: int
    path: str
    times: int
    after_apply: bool


# A route answers (status, payload): a dict or list is sent as JSON, bytes as they are.
Answer = tuple[int, Any]
Route = tuple[str, str, Callable[[Received, re.Match], Answer]]


class FakeServer:
    """Subclasses set their own state, then call ``super().__init__()``, and list their
    ``routes()``; use the server as a context manager (it listens while inside)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self._failures: list[_Failure] = []
        self._down = False
        self._lock = threading.Lock()
        self._routes = [(m, re.compile(f"^{p}$"), h) for m, p, h in self.routes()]
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def routes(self) -> list[Route]:
        raise NotImplementedError

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- failing on demand ------------------------------------------------------------------

    def fail_next(
        self, times: int = 1, *, status: int = 500, path: str = "", after_apply: bool = False
    ) -> None:
        """Answer the next ``times`` requests whose path contains ``path`` with ``status``;
        ``after_apply``: handle them first, as a server whose answer is lost on the way back."""
        with self._lock:
            self._failures.append(_Failure(status, path, times, after_apply))

    @contextmanager
    def outage(self) -> Iterator[None]:
        """Every request is answered 503 inside the block."""
        self._down = True
        try:
            yield
        finally:
            self._down = False

    def _failure_for(self, path: str) -> _Failure | None:
        if self._down:
            return _Failure(503, path, 1, False)
        with self._lock:
            for failure in self._failures:
                if failure.path in path:
                    failure.times -= 1
                    if failure.times <= 0:
                        self._failures.remove(failure)
                    return failure
        return None

    # --- what was received ------------------------------------------------------------------

    def requests(self, path: str = "", method: str = "") -> list[Received]:
        return [
            r
            for r in self.received
            if path in r.path and (not method or r.method == method.upper())
        ]

    # --- the HTTP side ----------------------------------------------------------------------

    def _dispatch(self, request: Received) -> Answer:
        failure = self._failure_for(request.path)
        if failure is not None and not failure.after_apply:
            return failure.status, {"error_code": failure.status, "message": "Lỗi giả lập"}
        answer = self._route(request)
        if failure is not None:
            return failure.status, {"error_code": failure.status, "message": "Lỗi giả lập"}
        return answer

    def _route(self, request: Received) -> Answer:
        for method, pattern, handler in self._routes:
            match = pattern.match(request.path)
            if match and method == request.method:
                return handler(request, match)
        return 404, {"error_code": 404, "message": "Không có địa chỉ này"}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _serve(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = Received(
                    method=self.command,
                    path=url.path,
                    query={k: v[0] for k, v in parse_qs(url.query).items()},
                    headers=dict(self.headers.items()),
                    body=self.rfile.read(length) if length else b"",
                )
                with fake._lock:
                    fake.received.append(request)
                status, payload = fake._dispatch(request)
                if isinstance(payload, bytes):
                    data, content_type = payload, "application/octet-stream"
                else:
                    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                    content_type = "application/json; charset=utf-8"
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        return Handler
