"""Admin screens of the catalogue: pages render, lifecycle actions work, frozen versions hold."""

import copy
import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from motcua.accounts.models import User
from motcua.catalog import services, transfer
from motcua.catalog.models import Fee, Procedure, ProcedureVersion
from motcua.core.models import AuditEntry

from .conftest import row_counts

pytestmark = pytest.mark.django_db
Status = ProcedureVersion.Status


@pytest.fixture
def published(payload) -> ProcedureVersion:
    transfer.import_catalogue(payload)
    return ProcedureVersion.objects.get()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_changelists_and_change_pages_render(admin_client, published):
    draft = services.new_draft_from(published)
    pages = [
        reverse("admin:catalog_procedure_changelist"),
        reverse("admin:catalog_procedure_changelist") + "?q=dang+ky+khai+sinh",
        reverse("admin:catalog_procedure_change", args=[published.procedure_id]),
        reverse("admin:catalog_procedure_add"),
        reverse("admin:catalog_procedure_import"),
        reverse("admin:catalog_procedureversion_changelist"),
        reverse("admin:catalog_procedureversion_changelist") + "?status=published",
        reverse("admin:catalog_procedureversion_change", args=[published.pk]),
        reverse("admin:catalog_procedureversion_change", args=[draft.pk]),
        reverse("admin:catalog_version_publish", args=[draft.pk]),
        reverse("admin:catalog_version_retire", args=[published.pk]),
    ]
    for url in pages:
        assert admin_client.get(url).status_code == 200, url
    listing = admin_client.get(pages[1]).content.decode()
    assert "1.001193" in listing


@pytest.mark.criterion("PL2-1.2", "PL2-1.3", "PL2-1.4")
def test_a_published_version_is_shown_read_only_and_offers_a_new_draft(admin_client, published):
    url = reverse("admin:catalog_procedureversion_change", args=[published.pk])
    response = admin_client.get(url)
    page = response.content.decode()
    assert "chỉ xem được" in " ".join(messages_of(response))
    assert 'name="legal_basis"' not in page  # no editable inputs
    assert "Tiếp nhận hồ sơ" in page and "Lệ phí đăng ký khai sinh" in page
    assert reverse("admin:catalog_version_new_draft", args=[published.pk]) in page

    response = admin_client.post(
        reverse("admin:catalog_version_new_draft", args=[published.pk]), follow=True
    )
    draft = ProcedureVersion.objects.get(number=2)
    assert draft.status == Status.DRAFT and draft.process_steps.count() == 3
    assert response.redirect_chain[-1][0] == reverse(
        "admin:catalog_procedureversion_change", args=[draft.pk]
    )


def test_editing_a_published_version_is_refused_with_a_message(admin_client, published):
    before = transfer.export_catalogue()
    counts = row_counts()
    url = reverse("admin:catalog_procedureversion_change", args=[published.pk])
    response = admin_client.post(url, {"legal_basis": "Sửa trái phép"}, follow=True)
    assert response.status_code == 200
    assert any("không được sửa, thêm hay xóa" in m for m in messages_of(response))
    assert transfer.export_catalogue() == before and row_counts() == counts
    delete = reverse("admin:catalog_procedureversion_delete", args=[published.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert ProcedureVersion.objects.filter(pk=published.pk).exists()


def inline_data(version: ProcedureVersion, **changes) -> dict:
    """The POST body of the version change form, rows as they stand, plus ``changes``."""
    data = {
        "effective_from": "",
        "decision_number": version.decision_number,
        "steps_text": version.steps_text,
        "channels": version.channels,
        "online_level": version.online_level,
        "target_groups": version.target_groups,
        "implementing_body": version.implementing_body,
        "submission_place": version.submission_place,
        "requirements": version.requirements,
        "legal_basis": version.legal_basis,
        "result_description": version.result_description,
        "supplement_clock": version.supplement_clock,
        "supplement_wait_days": version.supplement_wait_days,
        "form_schema": json.dumps(version.form_schema),
        "form_layout": json.dumps(version.form_layout),
    }
    for prefix, rows in [
        ("cases", version.cases.all()),
        ("components", version.components.all()),
        ("fees", version.fees.all()),
        ("result_types", version.result_types.all()),
        ("process_steps", version.process_steps.all()),
    ]:
        rows = list(rows)
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-version"] = version.pk
            for field in row._meta.concrete_fields:
                if field.name in ("id", "version", "template_file"):
                    continue
                value = getattr(row, field.attname)
                if field.name == "allowed_actions":
                    value = list(value)
                elif isinstance(value, bool):
                    if not value:
                        continue
                    value = "on"
                elif value is None:
                    value = ""
                data[f"{prefix}-{i}-{field.name}"] = value
    data.update(changes)
    return data


@pytest.mark.criterion("PL2-1.4")
def test_a_draft_is_edited_with_its_rows(admin_client, published):
    draft = services.new_draft_from(published)
    url = reverse("admin:catalog_procedureversion_change", args=[draft.pk])
    response = admin_client.post(
        url,
        inline_data(draft, legal_basis="Luật Hộ tịch 2014 (sửa đổi)", **{"fees-0-amount": "8000"}),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.legal_basis == "Luật Hộ tịch 2014 (sửa đổi)"
    assert draft.fees.get(name="Lệ phí đăng ký khai sinh").amount == 8000
    assert published.fees.get(name="Lệ phí đăng ký khai sinh").amount == 0
    assert AuditEntry.objects.filter(action="catalog.version.edited", object_id=draft.pk).exists()


@pytest.mark.criterion("PL2-1.3")
def test_publishing_from_the_admin(admin_client, published):
    draft = services.new_draft_from(published)
    response = admin_client.post(
        reverse("admin:catalog_version_publish", args=[draft.pk]),
        {"effective_from": "2026-01-01"},
        follow=True,
    )
    assert "Đã công bố phiên bản 2." in messages_of(response)
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Status.PUBLISHED and str(draft.effective_from) == "2026-01-01"
    assert str(published.effective_to) == "2026-01-01"


@pytest.mark.criterion("PL2-1.3")
def test_publish_action_on_the_changelist_reports_each_version(admin_client, published):
    good = services.new_draft_from(published)
    other = Procedure.objects.create(
        national_code="1.000656",
        name="Thủ tục khác",
        field=published.procedure.field,
        agency_level="commune",
    )
    empty = services.create_draft(other)
    response = admin_client.post(
        reverse("admin:catalog_procedureversion_changelist"),
        {"action": "publish_selected", "_selected_action": [good.pk, empty.pk]},
        follow=True,
    )
    notes = messages_of(response)
    assert "Đã công bố 1.001193 v2." in notes
    assert any(
        n.startswith("Không công bố được 1.000656 v1: ") and "trường hợp" in n for n in notes
    )
    good.refresh_from_db()
    empty.refresh_from_db()
    assert (good.status, empty.status) == (Status.PUBLISHED, Status.DRAFT)


def test_new_draft_action_and_procedure_button(admin_client, published):
    admin_client.post(
        reverse("admin:catalog_procedureversion_changelist"),
        {"action": "new_drafts", "_selected_action": [published.pk]},
    )
    admin_client.post(reverse("admin:catalog_procedure_new_draft", args=[published.procedure_id]))
    assert list(ProcedureVersion.objects.values_list("number", "status").order_by("number")) == [
        (1, Status.PUBLISHED),
        (2, Status.DRAFT),
        (3, Status.DRAFT),
    ]


@pytest.mark.criterion("PL2-1.1")
def test_export_actions_download_json_and_xlsx(admin_client, published):
    url = reverse("admin:catalog_procedure_changelist")
    selected = {"_selected_action": [published.procedure_id]}
    response = admin_client.post(url, {"action": "export_json", **selected})
    assert response["Content-Type"] == "application/json"
    assert 'filename="danh-muc-tthc-' in response["Content-Disposition"]
    data = json.loads(response.content)
    assert [p["national_code"] for p in data["procedures"]] == ["1.001193"]
    response = admin_client.post(url, {"action": "export_xlsx", **selected})
    book = load_workbook(io.BytesIO(response.content))
    assert book["procedures"]["A2"].value == "1.001193"


@pytest.mark.criterion("PL2-1.1")
def test_upload_page_shows_every_error_and_changes_nothing(admin_client, payload):
    bad = copy.deepcopy(payload)
    bad["procedures"][0]["field"] = "G99-XX99"
    bad["procedures"][0]["versions"][0]["fees"][0]["amount"] = "-1"
    upload = SimpleUploadedFile("danh-muc.json", json.dumps(bad).encode())
    counts = row_counts()

    response = admin_client.post(reverse("admin:catalog_procedure_import"), {"file": upload})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Tệp có 2 lỗi; không có dữ liệu nào được ghi." in page
    assert "Không có lĩnh vực mã “G99-XX99”" in page
    assert "phí, lệ phí (fees) dòng 1, trường “amount”" in page
    assert row_counts() == counts


def test_upload_page_dry_run_then_import(admin_client, payload):
    content = json.dumps(payload).encode()
    url = reverse("admin:catalog_procedure_import")
    response = admin_client.post(
        url, {"file": SimpleUploadedFile("a.json", content), "dry_run": "on"}
    )
    assert "Kiểm tra thử (không ghi dữ liệu)." in response.content.decode()
    assert not Procedure.objects.exists()
    response = admin_client.post(url, {"file": SimpleUploadedFile("a.json", content)}, follow=True)
    assert any("1 thêm mới" in m for m in messages_of(response))
    assert Fee.objects.count() == 2
    response = admin_client.post(url, {"file": SimpleUploadedFile("a.csv", b"x")})
    assert "Chỉ nhận tệp .json hoặc .xlsx." in response.content.decode()


def test_permissions_are_ordinary_django_permissions(client, published):
    """A province administrator may be given the catalogue without the power to publish."""
    editor = User.objects.create_user("bientap", password="x", is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="catalog",
            codename__in=[
                "view_procedure",
                "change_procedure",
                "view_procedureversion",
                "change_procedureversion",
            ],
        )
    )
    client.force_login(editor)
    draft = services.new_draft_from(published)
    assert (
        client.get(reverse("admin:catalog_procedureversion_change", args=[draft.pk])).status_code
        == 200
    )
    publish = reverse("admin:catalog_version_publish", args=[draft.pk])
    assert client.post(publish, {"effective_from": "2026-01-01"}).status_code == 403
    assert client.get(reverse("admin:catalog_procedure_import")).status_code == 403

    editor.user_permissions.add(Permission.objects.get(codename="publish_procedureversion"))
    editor = User.objects.get(pk=editor.pk)
    client.force_login(editor)
    assert client.post(publish, {"effective_from": "2026-01-01"}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
