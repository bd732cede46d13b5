import pytest
from django.utils import translation

from motcua.documents.signing import SignerConfig

from . import pki as pki_module


@pytest.fixture(autouse=True)
def vietnamese():
    """Tests read Vietnamese messages; a request to an /en/ page must not leak its language."""
    with translation.override("vi"):
        yield


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    return pki_module.build(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def pkcs12_config(pki) -> SignerConfig:
    return SignerConfig(
        pkcs12_file=str(pki.pkcs12),
        pkcs12_password=pki_module.PKCS12_PASSWORD,
        stamp_font="/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    )


@pytest.fixture
def signing_settings(settings, pki):
    """The deployment configured with the test PKI: PKCS#12 key, test root as trust root."""
    settings.MOTCUA_SIGNING = {
        **settings.MOTCUA_SIGNING,
        "PKCS12_FILE": str(pki.pkcs12),
        "PKCS12_PASSWORD": pki_module.PKCS12_PASSWORD,
        "TRUST_ROOTS": [str(pki.root_pem)],
    }
    return settings.MOTCUA_SIGNING
