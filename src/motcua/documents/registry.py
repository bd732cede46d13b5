"""Which official forms exist, under which circular, with which number and paper size.

TT 01/2018/TT-VPCP (Điều 9) defined six forms, printed A5 except the tracking book (A4).
TT 03/2025/TT-VPCP (applied from 15/9/2025) has seven: the same first three, a renamed 04,
a new 05 (stop notice) and the old 05/06 renumbered 06/07. Its paper sizes were not seen in the
official text (current-law.md §9 gap 1); we keep TT 01's sizes — see ADR 0006.

The set used for a paper is the later of the set pinned by the dossier's rule version and the
set in force on the day the paper is issued: a dossier received under TT 01 whose result is
late in October 2025 gets the TT 03 apology letter, because a form is the law of the day it is
issued, while a rule version that already names the newer set is respected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .content import A4, A5, LANDSCAPE, PORTRAIT

TT01_2018 = "tt01-2018"
TT03_2025 = "tt03-2025"
# Oldest first: "later" in the rule above means further down this tuple.
FORM_SET_ORDER = (TT01_2018, TT03_2025)
FORM_SET_NAMES = {
    TT01_2018: "Thông tư số 01/2018/TT-VPCP",
    TT03_2025: "Thông tư số 03/2025/TT-VPCP",
}


class FormKind(models.TextChoices):
    # Values double as URL slugs of the download endpoints.
    RECEIPT = "giay-tiep-nhan", gettext_lazy("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    SUPPLEMENT_REQUEST = "yeu-cau-bo-sung", gettext_lazy("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    REFUSAL = "tu-choi", gettext_lazy("Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    APOLOGY = "xin-loi", gettext_lazy("Phiếu xin lỗi và hẹn lại ngày trả kết quả")
    STOP_NOTICE = "thong-bao-dung", gettext_lazy("Thông báo dừng giải quyết hồ sơ")
    CONTROL_SHEET = "phieu-kiem-soat", gettext_lazy("Phiếu kiểm soát quá trình giải quyết hồ sơ")
    TRACKING_BOOK = "so-theo-doi", gettext_lazy("Sổ theo dõi hồ sơ")


@dataclass(frozen=True)
class FormSpec:
    kind: str
    form_set: str
    number: str
    title: str  # as printed, upper case
    page_size: str = A5
    orientation: str = PORTRAIT

    @property
    def label(self) -> str:
        return f"Mẫu số {self.number} — {FORM_SET_NAMES[self.form_set]}"


def _specs(form_set: str, rows) -> dict[str, FormSpec]:
    return {
        kind: FormSpec(kind, form_set, number, title, *layout)
        for kind, number, title, *layout in rows
    }


_BOOK = (A4, LANDSCAPE)  # 13 columns do not fit upright on A4
FORM_SETS: dict[str, dict[str, FormSpec]] = {
    TT01_2018: _specs(
        TT01_2018,
        [
            (FormKind.RECEIPT, "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
            (FormKind.SUPPLEMENT_REQUEST, "02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
            (FormKind.REFUSAL, "03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
            (FormKind.APOLOGY, "04", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
            (FormKind.CONTROL_SHEET, "05", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
            (FormKind.TRACKING_BOOK, "06", "SỔ THEO DÕI HỒ SƠ", *_BOOK),
        ],
    ),
    TT03_2025: _specs(
        TT03_2025,
        [
            (FormKind.RECEIPT, "01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
            (FormKind.SUPPLEMENT_REQUEST, "02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
            (FormKind.REFUSAL, "03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
            (
                FormKind.APOLOGY,
                "04",
                "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            ),
            (FormKind.STOP_NOTICE, "05", "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
            (FormKind.CONTROL_SHEET, "06", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
            (FormKind.TRACKING_BOOK, "07", "SỔ THEO DÕI HỒ SƠ", *_BOOK),
        ],
    ),
}


def later_form_set(*form_sets: str) -> str:
    return max(form_sets, key=FORM_SET_ORDER.index)


def form_set_in_force(on: dt.datetime) -> str:
    """The form set of the lifecycle rules in force at ``on`` (data: ``dossiers.RuleVersion``)."""
    from motcua.dossiers.rules import rules_for

    return rules_for(on).form_set


def form_set_for(dossier, on: dt.datetime) -> str:
    """The form set for a paper of ``dossier`` issued at ``on`` (see the module docstring)."""
    return later_form_set(dossier.rule_version.form_set, form_set_in_force(on))


def spec(form_set: str, kind: str) -> FormSpec:
    """The form ``kind`` of ``form_set``; a clear error when that circular has no such form."""
    try:
        return FORM_SETS[form_set][kind]
    except KeyError:
        raise ValidationError(
            _("%(circular)s không có mẫu “%(form)s”.")
            % {
                "circular": FORM_SET_NAMES.get(form_set, form_set),
                "form": FormKind(kind).label if kind in FormKind.values else kind,
            },
            code="no_such_form",
        ) from None


def kinds_in(form_set: str) -> list[str]:
    return list(FORM_SETS[form_set])
