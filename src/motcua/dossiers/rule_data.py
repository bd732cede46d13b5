"""The lifecycle rule versions a new database starts with (see ADR 0005).

Used by the data migration and by ``rules.rules_for`` when the table is empty (a database
flushed by transactional tests or ``motcua flush``). Values marked [inferred] in the ADR are data:
a province corrects them in the admin, never in code.
"""

import datetime as dt

STATUS_MAPPING = {
    "submitted": 1,
    "intake_fix_requested": 5,
    "not_received": 3,
    "received": 2,
    "processing": 4,
    "supplement_requested": 5,
    "awaiting_payment": 6,
    "withdrawal_requested": 7,
    "withdrawn": 7,
    "stopped": 8,
    "finished": 9,
    "returned": 10,
}

_COMMON = {"code_format": "{agency}-{yymmdd}-{seq:04d}", "status_mapping": STATUS_MAPPING}
_RULES_2025 = {
    "applicant_stop_enabled": True,
    "online_amendment_enabled": True,
    "auto_close_missing_supplement": True,
    "intake_alert_hours": 2,
    "intake_decision_working_hours": 8,
}

VERSIONS = [
    {
        "code": "nd61-2018",
        "name": "Nghị định 61/2018/NĐ-CP và Thông tư 01/2018/TT-VPCP",
        "valid_from": dt.date(2018, 6, 21),
        "valid_to": dt.date(2021, 12, 6),
        "legal_basis": "NĐ 61/2018/NĐ-CP (Điều 16–20); TT 01/2018/TT-VPCP (Mẫu 01–06).",
        "form_set": "tt01-2018",
    },
    {
        "code": "nd107-2021",
        "name": "Nghị định 61/2018/NĐ-CP sửa đổi bởi Nghị định 107/2021/NĐ-CP",
        "valid_from": dt.date(2021, 12, 6),
        "valid_to": dt.date(2025, 7, 1),
        "legal_basis": "NĐ 61/2018/NĐ-CP, NĐ 107/2021/NĐ-CP; TT 01/2018/TT-VPCP. "
        "Ngày hiệu lực của NĐ 107/2021 cần đối chiếu văn bản gốc.",
        "form_set": "tt01-2018",
    },
    {
        "code": "nd118-2025",
        "name": "Nghị định 118/2025/NĐ-CP (trước khi áp dụng mẫu của TT 03/2025)",
        "valid_from": dt.date(2025, 7, 1),
        "valid_to": dt.date(2025, 9, 15),
        "legal_basis": "NĐ 118/2025/NĐ-CP (Điều 17–22); biểu mẫu TT 01/2018/TT-VPCP đến khi "
        "TT 03/2025/TT-VPCP áp dụng (15/9/2025).",
        "form_set": "tt01-2018",
        **_RULES_2025,
    },
    {
        "code": "nd118-tt03-2025",
        "name": "Nghị định 118/2025/NĐ-CP và Thông tư 03/2025/TT-VPCP",
        "valid_from": dt.date(2025, 9, 15),
        "valid_to": None,
        "legal_basis": "NĐ 118/2025/NĐ-CP (Điều 17–22, 28); TT 03/2025/TT-VPCP (Mẫu 01–07).",
        "form_set": "tt03-2025",
        **_RULES_2025,
    },
]


def seed(model) -> None:
    """Create the default versions that are missing (``model``: the current or historical
    ``RuleVersion`` class)."""
    for row in VERSIONS:
        values = {**_COMMON, **row}
        model.objects.get_or_create(code=values.pop("code"), defaults=values)
