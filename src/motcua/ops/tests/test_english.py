"""The operations screens in English (/en/): the catalogue's labels, no Vietnamese interface
text."""

from django.urls import reverse
from django.utils import translation


def test_audit_log_and_access_statistics_in_english(client, sysadmin):
    client.force_login(sysadmin)
    with translation.override("vi"):  # the middleware's English must not outlive the test
        audit, access = reverse("ops:audit_log"), reverse("ops:access")
        audit = client.get("/en" + audit).content.decode()
        access = client.get("/en" + access).content.decode()
    assert "<h1>Audit log</h1>" in audit
    assert "Object type" in audit and "Download CSV" in audit
    assert "Nhật ký thao tác" not in audit
    assert "<h1>Access statistics</h1>" in access and "Most viewed pages" in access
