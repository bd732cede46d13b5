"""Fixtures for the catalogue's own tests: a small directory and a valid exchange payload."""

import copy

import pytest
from django.apps import apps

from motcua.core.models import AuditEntry
from motcua.directory.models import Agency, Field

COMMITTEE = "000.00.21.H48"
DIVISION = "000.01.21.H48"
OTHER_COMMITTEE = "000.00.22.H48"

PAYLOAD = {
    "format": "motcua.catalog/1",
    "procedures": [
        {
            "national_code": "1.001193",
            "local_code": "1.001193.000.00.00.H48",
            "name": "Thủ tục đăng ký khai sinh",
            "name_en": "Birth registration",
            "field": "G15-TP07",
            "agency_level": "commune",
            "agencies": [COMMITTEE, OTHER_COMMITTEE],
            "is_active": True,
            "versions": [
                {
                    "number": 1,
                    "status": "published",
                    "effective_from": "2025-07-01",
                    "effective_to": None,
                    "decision_number": "163/QĐ-BTP",
                    "steps_text": "Bước 1: Nộp hồ sơ. Bước 2: Giải quyết. Bước 3: Trả kết quả.",
                    "channels": ["counter", "post", "online"],
                    "online_level": "partial",
                    "target_groups": ["citizen"],
                    "implementing_body": "Ủy ban nhân dân cấp xã",
                    "submission_place": "Trung tâm Phục vụ hành chính công cấp xã",
                    "requirements": "Không.",
                    "legal_basis": "Luật Hộ tịch số 60/2014/QH13",
                    "result_description": "Giấy khai sinh",
                    "supplement_clock": "pause",
                    "supplement_wait_days": 15,
                    "form_schema": {"type": "object", "required": ["ho_ten"]},
                    "form_layout": {},
                    "cases": [
                        {
                            "code": "1.001193.01",
                            "name": "Đăng ký khai sinh đúng hạn",
                            "time_limit": "1",
                            "time_unit": "working_days",
                            "push_off_non_working_day": True,
                            "time_limit_note": "",
                        },
                        {
                            "code": "1.001193.02",
                            "name": "Đăng ký khai sinh cần xác minh",
                            "time_limit": "5",
                            "time_unit": "working_days",
                            "push_off_non_working_day": True,
                            "time_limit_note": "Cần xác minh thì thêm 5 ngày.",
                        },
                    ],
                    "components": [
                        {
                            "case": None,
                            "code": "",
                            "name": "Tờ khai đăng ký khai sinh",
                            "form": "original",
                            "quantity": 1,
                            "required": True,
                            "template_name": "Mẫu tờ khai",
                            "must_digitise": True,
                            "max_files": 5,
                            "note": "",
                        },
                        {
                            "case": "1.001193.02",
                            "code": "000.00.00.G15-KQ004389",
                            "name": "Giấy chứng sinh",
                            "form": "copy",
                            "quantity": 1,
                            "required": False,
                            "template_name": "",
                            "must_digitise": False,
                            "max_files": 2,
                            "note": "Nếu có",
                        },
                    ],
                    "fees": [
                        {
                            "case": None,
                            "code": "",
                            "name": "Lệ phí đăng ký khai sinh",
                            "kind": "charge",
                            "amount": "0",
                            "amount_online": None,
                            "collected_at": "reception",
                            "description": "",
                            "exemptions": "Đăng ký đúng hạn được miễn.",
                        },
                        {
                            "case": "1.001193.02",
                            "code": "",
                            "name": "Phí xác minh",
                            "kind": "fee",
                            "amount": "15000",
                            "amount_online": "7500",
                            "collected_at": "return",
                            "description": "",
                            "exemptions": "",
                        },
                    ],
                    "result_types": [
                        {
                            "code": "KQ.G15.000031",
                            "name": "Giấy khai sinh",
                            "is_paper_document": True,
                        }
                    ],
                    "process_steps": [
                        {
                            "case": None,
                            "order": 1,
                            "name": "Tiếp nhận hồ sơ",
                            "role": "reception",
                            "handling_unit": None,
                            "time_budget_hours": "1",
                            "allowed_actions": ["forward", "request_supplement"],
                            "description": "",
                        },
                        {
                            "case": None,
                            "order": 2,
                            "name": "Thẩm định, trình ký",
                            "role": "specialist",
                            "handling_unit": DIVISION,
                            "time_budget_hours": "4.5",
                            "allowed_actions": ["forward", "return_back"],
                            "description": "",
                        },
                        {
                            "case": None,
                            "order": 3,
                            "name": "Ký giấy khai sinh",
                            "role": "agency_leader",
                            "handling_unit": None,
                            "time_budget_hours": "2",
                            "allowed_actions": ["sign", "finish"],
                            "description": "",
                        },
                    ],
                }
            ],
        }
    ],
}


@pytest.fixture
def directory(db):
    field = Field.objects.create(code="G15-TP07", name="Hộ tịch")
    committee = Agency.objects.create(
        code=COMMITTEE, name="Ủy ban nhân dân xã Thử", kind="peoples_committee", level="commune"
    )
    Agency.objects.create(
        code=DIVISION,
        name="Văn phòng HĐND và UBND xã Thử",
        kind="division",
        level="commune",
        parent=committee,
    )
    Agency.objects.create(
        code=OTHER_COMMITTEE,
        name="Ủy ban nhân dân xã Mẫu",
        kind="peoples_committee",
        level="commune",
    )
    return field


@pytest.fixture
def payload(directory) -> dict:
    """A fresh, valid copy of ``PAYLOAD`` (its field and agencies exist)."""
    return copy.deepcopy(PAYLOAD)


def row_counts() -> dict[str, int]:
    """Rows in every catalogue table and in the audit trail, to prove nothing was written."""
    models = [*apps.get_app_config("catalog").get_models(), AuditEntry]
    return {model._meta.label: model._default_manager.count() for model in models}
