"""The national portal's adapter calls, one method each: B1 token, sending a packet (the whole
dossier B4, a status change B5+B6, results), and for dossiers filed there: the list waiting for
us, their files and the acknowledgement. Addresses come from ``settings.config()["PATHS"]``."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ...http import BearerToken, Client
from ...models import System


class DvcqgClient:
    def __init__(self, config: dict[str, Any]):
        self.config = config
        self.paths = config["PATHS"]
        self.http = Client(
            config["BASE_URL"],
            timeout=config["TIMEOUT"],
            auth=BearerToken(
                System.DVCQG, f"{config['BASE_URL']}|{config['CLIENT_ID']}", self._token
            ),
        )

    def _token(self) -> tuple[str, int]:
        """B1: exchange the province's credentials for an access token."""
        data = self.http.request(
            "B1 lấy mã truy cập",
            "POST",
            self.paths["TOKEN"],
            json={
                "client_id": self.config["CLIENT_ID"],
                "client_secret": self.config["CLIENT_SECRET"],
            },
            authenticated=False,
        )
        data = data if isinstance(data, dict) else {}
        return str(data.get("access_token", "")), int(data.get("expires_in", 3600))

    def send(self, path_key: str, packet: dict[str, Any]) -> Any:
        """Deliver one packet to the address named ``path_key`` (DOSSIER, STATUS, RESULT)."""
        return self.http.request(packet["LoaiGoiTin"], "POST", self.paths[path_key], json=packet)

    def pending_dossiers(self) -> list[Any]:
        """Dossiers filed on the portal for this province and not yet acknowledged."""
        data = self.http.request(
            "Lấy hồ sơ chờ tiếp nhận",
            "GET",
            self.paths["PENDING"],
            params={"MaDonVi": self.config["AGENCY_CODE"]},
        )
        items = data.get("DanhSach") if isinstance(data, dict) else None
        return items if isinstance(items, list) else []

    def download(self, file_id: str) -> bytes:
        path = self.paths["FILE"].format(id=quote(file_id, safe=""))
        return self.http.request("Tải tệp của hồ sơ", "GET", path, raw=True)

    def acknowledge(self, rows: list[dict[str, Any]]) -> None:
        self.http.request(
            "Xác nhận đã nhận hồ sơ", "POST", self.paths["ACKNOWLEDGE"], json={"DanhSach": rows}
        )
