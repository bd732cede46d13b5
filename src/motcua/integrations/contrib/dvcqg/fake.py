"""A local stand-in for the national portal's adapter, speaking the protocol of ``client``:
B1 tokens, the three packet addresses (dropping a packet whose ``MaGoiTin`` it already has, as
we expect the portal to), dossiers waiting for the province, their files and the
acknowledgement. Tests and trials only."""

from __future__ import annotations

import itertools
from typing import Any

from ...fake import FakeServer, Received
from .settings import DEFAULT_PATHS

CLIENT_ID = "motcua-qng"
CLIENT_SECRET = "bi-mat-thu-nghiem"  # noqa: S105  (the fake's own test account)
AGENCY_CODE = "000.00.00.H48"
PACKET_PATHS = {"DOSSIER": "HoSo", "STATUS": "TrangThai", "RESULT": "KetQua"}
ENVELOPE = ("MaGoiTin", "LoaiGoiTin", "PhienBan", "MaDonViGui", "ThoiDiemGui", "DuLieu")


class FakeDvcqg(FakeServer):
    def __init__(self) -> None:
        self.accepted: list[dict[str, Any]] = []  # packets, in the order they were taken
        self.duplicates: list[str] = []  # MaGoiTin of packets sent again
        self.pending: list[Any] = []  # dossiers filed on the portal for the province
        self.files: dict[str, bytes] = {}
        self.acknowledgements: list[dict[str, Any]] = []
        self.tokens: set[str] = set()
        self._serial = itertools.count(1)
        super().__init__()

    def settings(self, **overrides: Any) -> dict[str, dict]:
        """``MOTCUA_INTEGRATIONS`` pointing the connection at this fake."""
        return {
            "dvcqg": {
                "BASE_URL": self.base_url,
                "CLIENT_ID": CLIENT_ID,
                "CLIENT_SECRET": CLIENT_SECRET,
                "AGENCY_CODE": AGENCY_CODE,
                "TIMEOUT": 5,
                **overrides,
            }
        }

    def statuses(self, dossier_code: str) -> list[int]:
        """The status codes the portal was told for a dossier, in order."""
        return [
            p["DuLieu"]["TrangThaiHoSo"]
            for p in self.accepted
            if p["LoaiGoiTin"] == "TrangThai" and p["DuLieu"]["MaHoSo"] == dossier_code
        ]

    def kinds(self, dossier_code: str) -> list[str]:
        return [p["LoaiGoiTin"] for p in self.accepted if p["DuLieu"]["MaHoSo"] == dossier_code]

    def routes(self):
        packet_routes = [
            ("POST", f"/{DEFAULT_PATHS[key]}", self._packet(kind))
            for key, kind in PACKET_PATHS.items()
        ]
        return [
            ("POST", f"/{DEFAULT_PATHS['TOKEN']}", self._token),
            *packet_routes,
            ("GET", f"/{DEFAULT_PATHS['PENDING']}", self._pending),
            ("GET", "/" + DEFAULT_PATHS["FILE"].format(id="(?P<id>[^/]+)"), self._file),
            ("POST", f"/{DEFAULT_PATHS['ACKNOWLEDGE']}", self._acknowledge),
        ]

    def _authorised(self, request: Received) -> bool:
        return request.headers.get("Authorization", "").removeprefix("Bearer ") in self.tokens

    def _token(self, request: Received, match) -> tuple[int, Any]:
        body = request.json or {}
        if (body.get("client_id"), body.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
            return 401, {"error_code": 401, "message": "Sai thông tin xác thực"}
        token = f"dvcqg-{next(self._serial)}"
        self.tokens.add(token)
        return 200, {"access_token": token, "expires_in": 3600}

    def _packet(self, kind: str):
        def handle(request: Received, match) -> tuple[int, Any]:
            if not self._authorised(request):
                return 401, {"error_code": 401, "message": "Chưa xác thực"}
            packet = request.json
            problems = _envelope_problems(packet, kind)
            if problems:
                return 400, {"error_code": 400, "message": "; ".join(problems)}
            with self._lock:
                if any(p["MaGoiTin"] == packet["MaGoiTin"] for p in self.accepted):
                    self.duplicates.append(packet["MaGoiTin"])
                    return 200, {"error_code": 0, "message": "Gói tin đã nhận trước đó"}
                self.accepted.append(packet)
            return 200, {"error_code": 0, "message": "Đã nhận"}

        return handle

    def _pending(self, request: Received, match) -> tuple[int, Any]:
        if not self._authorised(request):
            return 401, {"error_code": 401, "message": "Chưa xác thực"}
        return 200, {"error_code": 0, "DanhSach": list(self.pending)}

    def _file(self, request: Received, match) -> tuple[int, Any]:
        if not self._authorised(request):
            return 401, {"error_code": 401, "message": "Chưa xác thực"}
        content = self.files.get(match["id"])
        if content is None:
            return 404, {"error_code": 404, "message": "Không có tệp"}
        return 200, content

    def _acknowledge(self, request: Received, match) -> tuple[int, Any]:
        if not self._authorised(request):
            return 401, {"error_code": 401, "message": "Chưa xác thực"}
        rows = (request.json or {}).get("DanhSach", [])
        done = {row["MaHoSoQG"] for row in rows}
        self.acknowledgements.extend(rows)
        self.pending = [
            p for p in self.pending if not (isinstance(p, dict) and p.get("MaHoSo") in done)
        ]
        return 200, {"error_code": 0}


def _envelope_problems(packet: Any, kind: str) -> list[str]:
    if not isinstance(packet, dict):
        return ["Gói tin không phải đối tượng JSON"]
    problems = [f"Thiếu {key}" for key in ENVELOPE if key not in packet]
    if packet.get("LoaiGoiTin") != kind:
        problems.append(f"LoaiGoiTin phải là {kind}")
    if not isinstance(packet.get("DuLieu"), dict) or not packet["DuLieu"].get("MaHoSo"):
        problems.append("DuLieu thiếu MaHoSo")
    return problems
