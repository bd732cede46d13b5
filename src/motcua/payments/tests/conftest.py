import pytest

from .fake_gateway import FakeGateway

VIETQR = {
    "BANK_BIN": "970415",
    "BANK_NAME": "Ngân hàng TMCP Công Thương Việt Nam",
    "ACCOUNT": "113366668888",
    "ACCOUNT_NAME": "TRUNG TAM PHUC VU HANH CHINH CONG",
}


@pytest.fixture
def world(db):
    from motcua.dossiers.tests.world import build_world

    return build_world()


@pytest.fixture
def gateway():
    """The fake gateway; IPNs wait in ``gateway.outbox`` until the test posts them."""
    with FakeGateway(ipn_mode="manual") as fake:
        yield fake


@pytest.fixture
def payments_on(settings, gateway):
    settings.MOTCUA_PAYMENTS = {
        "PROVIDERS": ["counter", "vietqr", "gateway"],
        "VIETQR": VIETQR,
        "GATEWAY": gateway.settings,
    }
    return settings.MOTCUA_PAYMENTS
