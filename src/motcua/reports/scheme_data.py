"""The scoring schemes seeded by migration (then edited as data, see ``ScoringScheme``).

QĐ 766/QĐ-TTg (23/6/2022): groups and maximum points as on the national portal's dashboard,
formulas from VPCP's description "Mô tả công thức tính chỉ số 766", point functions observed in
the national portal's published scores (regs.md §4, sources S3–S6). Every indicator scores
``min(max_points, max_points × ratio / full_at)``; a group never exceeds its maximum. Where the
national portal's coefficients are only observed, the note says so.

TT 01/2018/TT-VPCP Điều 12–15 (regs.md §2.6): nine indices scored 2/1/0, the score of an index
is the mean over the dossiers (1 decimal), staff are graded on indices 1, 2, 3, 4, 7 (max 10)
and agencies on all nine (max 18).
"""

import datetime as dt

QD766_2022 = {
    "rounding": 2,
    "groups": [
        {
            "code": "CKMB",
            "name": "Công khai, minh bạch",
            "max_points": 18,
            "indicators": [
                {
                    "code": "PUBLISH_ON_TIME",
                    "name": "Tỷ lệ TTHC được công bố đúng hạn",
                    "measure": "catalog.publish_on_time",
                    "max_points": 6,
                    "full_at": 1,
                },
                {
                    "code": "PUBLIC_UPDATE_ON_TIME",
                    "name": "Tỷ lệ TTHC được cập nhật, công khai đúng hạn",
                    "measure": "catalog.update_on_time",
                    "max_points": 4,
                    "full_at": 1,
                },
                {
                    "code": "PUBLIC_CONTENT_FULL",
                    "name": "Tỷ lệ TTHC công khai đầy đủ các bộ phận cấu thành",
                    "measure": "catalog.content_full",
                    "max_points": 2,
                    "full_at": 1,
                },
                {
                    "code": "DOSSIER_SYNC",
                    "name": "Tỷ lệ hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia",
                    "measure": "dossiers.synced",
                    "max_points": 6,
                    "full_at": 1,
                },
            ],
        },
        {
            "code": "TDGQ",
            "name": "Tiến độ giải quyết",
            "max_points": 20,
            "indicators": [
                {
                    "code": "ON_TIME",
                    "name": "Tỷ lệ hồ sơ xử lý đúng hạn",
                    "measure": "progress.on_time",
                    "max_points": 20,
                    "full_at": 1,
                }
            ],
        },
        {
            "code": "ONLINE",
            "name": "Dịch vụ công trực tuyến",
            "max_points": 12,
            "indicators": [
                {
                    "code": "ONLINE_PROCEDURES",
                    "name": "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến",
                    "measure": "online.procedures",
                    "max_points": 2,
                    "full_at": 0.8,
                },
                {
                    "code": "ONLINE_SERVICES_USED",
                    "name": "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ trực tuyến",
                    "measure": "online.services_used",
                    "max_points": 4,
                    "full_at": 1,
                },
                {
                    "code": "ONLINE_DOSSIERS",
                    "name": "Tỷ lệ hồ sơ trực tuyến",
                    "measure": "online.dossiers",
                    "max_points": 6,
                    "full_at": 0.5,
                },
            ],
        },
        {
            "code": "TTTT",
            "name": "Thanh toán trực tuyến",
            "max_points": 10,
            "note": "Hệ số quan sát từ điểm công bố trên Cổng DVC quốc gia, chưa có văn bản.",
            "indicators": [
                {
                    "code": "PAID_ONLINE_DOSSIERS",
                    "name": "Tỷ lệ hồ sơ thanh toán trực tuyến",
                    "measure": "payment.dossiers",
                    "max_points": 6,
                    "full_at": 1,
                },
                {
                    "code": "PAID_ONLINE_PROCEDURES",
                    "name": "Tỷ lệ TTHC có phát sinh thanh toán trực tuyến",
                    "measure": "payment.procedures",
                    "max_points": 2,
                    "full_at": 0.8,
                },
                {
                    "code": "FEE_DATA_SYNCED",
                    "name": "Tỷ lệ TTHC có dữ liệu phí, lệ phí được đồng bộ",
                    "measure": "payment.fee_data_synced",
                    "max_points": 2.5,
                    "full_at": 1,
                },
            ],
        },
        {
            "code": "MDHL",
            "name": "Mức độ hài lòng",
            "max_points": 18,
            "indicators": [
                {
                    "code": "DOSSIER_RECEIVING_SATISFACTION",
                    "name": "Mức độ hài lòng trong tiếp nhận, giải quyết hồ sơ",
                    "measure": "satisfaction.dossiers",
                    "max_points": 6,
                    "full_at": 0.9,
                },
                {
                    "code": "PETITION_PROCESSING_ON_TIME",
                    "name": "Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn",
                    "measure": "satisfaction.feedback_on_time",
                    "max_points": 6,
                    "full_at": 1,
                    "when_empty": 6,
                    "params": {"receive_days": 2, "answer_days": 15, "publish_days": 2},
                },
                {
                    "code": "PETITION_HANDLING_SATISFACTION",
                    "name": "Mức độ hài lòng với kết quả xử lý phản ánh, kiến nghị",
                    "measure": "satisfaction.feedback_handled",
                    "max_points": 6,
                    "full_at": 1,
                    "when_empty": 6,
                    "params": {"receive_days": 2, "answer_days": 15, "publish_days": 2},
                },
            ],
        },
        {
            "code": "MDSH",
            "name": "Số hóa hồ sơ",
            "max_points": 22,
            "indicators": [
                {
                    "code": "ORIGINAL_RESULT_AVAILABLE",
                    "name": "Tỷ lệ hồ sơ có kết quả điện tử",
                    "measure": "digitisation.electronic_result",
                    "max_points": 6,
                    "full_at": 1,
                },
                {
                    "code": "SO_HOA_GIAY_TO_GIAI_QUYET",
                    "name": "Tỷ lệ hồ sơ được số hóa thành phần và kết quả",
                    "measure": "digitisation.digitised",
                    "max_points": 4,
                    "full_at": 0.8,
                },
                {
                    "code": "REUSED_DIGITIZED_DATA",
                    "name": "Tỷ lệ hồ sơ tái sử dụng dữ liệu đã số hóa",
                    "measure": "digitisation.reused",
                    "max_points": 2,
                    "full_at": 0.8,
                },
                {
                    "code": "SYNCED_WITH_DVCQG_PERSONAL_STORAGE",
                    "name": "Tỷ lệ hồ sơ sử dụng kho dữ liệu cá nhân",
                    "measure": "digitisation.citizen_store",
                    "max_points": 4,
                    "full_at": 1,
                },
                {
                    "code": "CITIZEN_DATA_CONNECTED_DOSSIER",
                    "name": "Tỷ lệ hồ sơ khai thác dữ liệu dân cư",
                    "measure": "digitisation.citizen_data_dossiers",
                    "max_points": 2,
                    "full_at": 1,
                },
                {
                    "code": "CITIZEN_DATA_CONNECTED_FORMALITY",
                    "name": "Tỷ lệ TTHC khai thác dữ liệu dân cư",
                    "measure": "digitisation.citizen_data_procedures",
                    "max_points": 2,
                    "full_at": 1,
                },
                {
                    "code": "ELECTRONIC_CERTIFIED_COPY",
                    "name": "Chứng thực bản sao điện tử từ bản chính",
                    "measure": "digitisation.certified_copies",
                    "max_points": 2,
                    "full_at": 1,
                },
            ],
        },
    ],
}

TT01_2018 = {
    "rounding": 1,
    "indices": {
        "1": "Tổng thời gian giải quyết so với quy định",
        "2": "Thời gian thực hiện của từng cơ quan, đơn vị tham gia",
        "3": "Số lần phải liên hệ để hoàn thiện hồ sơ",
        "4": "Số cơ quan, đơn vị phải liên hệ",
        "5": "Tổ chức tiếp nhận, trả kết quả tại Bộ phận Một cửa",
        "6": "Công khai thủ tục hành chính",
        "7": "Thái độ của cán bộ",
        "8": "Tiếp thu, giải trình phản ánh, kiến nghị",
        "9": "Cung cấp dịch vụ công trực tuyến",
    },
    "staff_indices": [1, 2, 3, 4, 7],
    "unit_indices": [1, 2, 3, 4, 5, 6, 7, 8, 9],
    "staff_grades": [
        {"min": 5, "label": "Hoàn thành 100% nhiệm vụ"},
        {"min": 3.5, "label": "Hoàn thành từ 70% đến dưới 100% nhiệm vụ"},
        {"min": 0, "label": "Hoàn thành dưới 70% nhiệm vụ"},
    ],
    "unit_grades": [
        {"min": 15, "label": "Xuất sắc"},
        {"min": 12, "label": "Tốt"},
        {"min": 9, "label": "Khá"},
        {"min": 6, "label": "Trung bình"},
        {"min": 0, "label": "Yếu"},
    ],
    "feedback": {"on_time_share_for_1": 0.9, "answer_days": 15},
    "online": {
        "procedures_share_for_2": 0.2,
        "online_share_for_2": 0.3,
        "online_share_for_1": 0.15,
    },
}

SCHEMES = [
    {
        "kind": "qd766",
        "code": "qd766-2022",
        "name": "Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg ngày 23/6/2022)",
        "valid_from": dt.date(2022, 6, 23),
        "source": (
            "QĐ 766/QĐ-TTg; mô tả công thức của VPCP; hệ số điểm quan sát từ Cổng Dịch vụ công "
            "quốc gia (chưa có văn bản chính thức về hệ số)."
        ),
        "definition": QD766_2022,
    },
    {
        "kind": "tt01",
        "code": "tt01-2018",
        "name": "Đánh giá việc giải quyết TTHC (TT 01/2018/TT-VPCP, Điều 12–15)",
        # Open start: the circular's exact entry into force is not confirmed here.
        "valid_from": None,
        "source": "TT 01/2018/TT-VPCP Điều 12–15.",
        "definition": TT01_2018,
    },
]
