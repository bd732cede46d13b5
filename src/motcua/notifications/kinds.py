"""What the system tells people about, with the default text of each kind.

The defaults are written once in Vietnamese and translated through Django i18n; they are copied
into ``MessageTemplate`` rows (version 1, per channel and language) after migrations, where
administrators edit them. Other apps register their own kinds with ``register`` in their
``AppConfig.ready``.

Template variables are plain values (text, formatted dates), never model objects, so an edited
template cannot reach into the database.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

IN_APP, EMAIL, SMS = "in_app", "email", "sms"


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise
    title: Promise  # e-mail subject and in-app title
    text: Promise  # e-mail body (between greeting and signature) and in-app body
    sms: Promise | None = None  # None: this kind is never sent by SMS
    channels: tuple[str, ...] = (IN_APP, EMAIL, SMS)  # used when the caller names none
    secrets: tuple[str, ...] = ()  # variables masked in the log (codes, links)
    sample: dict[str, str] = field(default_factory=dict)  # preview and length checks

    def default_channels(self) -> tuple[str, ...]:
        return tuple(c for c in self.channels if c != SMS or self.sms is not None)


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    _KINDS[kind.code] = kind
    return kind


def get(code: str) -> Kind:
    try:
        return _KINDS[code]
    except KeyError:
        raise LookupError(f"unknown notification kind {code!r}") from None


def all_kinds() -> list[Kind]:
    return list(_KINDS.values())


def choices() -> list[tuple[str, str]]:
    return [(k.code, f"{k.code} — {k.label}") for k in _KINDS.values()]


# --- accounts -----------------------------------------------------------------------------------

register(
    Kind(
        code="account.email_verification",
        label=_("Xác minh thư điện tử"),
        title=_("Xác minh địa chỉ thư điện tử"),
        text=_(
            "Địa chỉ thư điện tử này vừa được dùng cho một tài khoản trên {{ site_name }}.\n"
            "Vui lòng mở liên kết sau để xác minh (liên kết có hiệu lực {{ valid_hours }} giờ):\n"
            "{{ link }}\n\n"
            "Nếu không phải bạn đăng ký, hãy bỏ qua thư này."
        ),
        channels=(EMAIL,),
        secrets=("link",),
        sample={"link": "https://dichvucong.example/tai-khoan/xac-minh/…", "valid_hours": "72"},
    )
)
register(
    Kind(
        code="account.phone_code",
        label=_("Mã xác minh số điện thoại"),
        title=_("Mã xác minh số điện thoại"),
        text=_("Mã xác minh của bạn là {{ code }}, có hiệu lực {{ valid_minutes }} phút."),
        sms=_(
            "Mã xác minh tài khoản Dịch vụ công của bạn là {{ code }}, có hiệu lực "
            "{{ valid_minutes }} phút. Không cung cấp mã này cho bất kỳ ai."
        ),
        channels=(SMS,),
        secrets=("code",),
        sample={"code": "123456", "valid_minutes": "10"},
    )
)
register(
    Kind(
        code="account.password_reset_link",
        label=_("Liên kết đặt lại mật khẩu"),
        title=_("Đặt lại mật khẩu"),
        text=_(
            "Có yêu cầu đặt lại mật khẩu cho tài khoản của bạn trên {{ site_name }}.\n"
            "Mở liên kết sau để đặt mật khẩu mới (liên kết chỉ dùng được một lần):\n"
            "{{ link }}\n\n"
            "Nếu không phải bạn yêu cầu, hãy bỏ qua thư này; mật khẩu hiện tại vẫn giữ nguyên."
        ),
        channels=(EMAIL,),
        secrets=("link",),
        sample={"link": "https://dichvucong.example/tai-khoan/dat-lai-mat-khau/…"},
    )
)
register(
    Kind(
        code="account.password_reset_code",
        label=_("Mã đặt lại mật khẩu"),
        title=_("Mã đặt lại mật khẩu"),
        text=_("Mã đặt lại mật khẩu của bạn là {{ code }}, có hiệu lực {{ valid_minutes }} phút."),
        sms=_(
            "Mã đặt lại mật khẩu tài khoản Dịch vụ công: {{ code }}, hiệu lực {{ valid_minutes }} "
            "phút. Nếu không phải bạn yêu cầu, hãy bỏ qua tin này."
        ),
        channels=(SMS,),
        secrets=("code",),
        sample={"code": "123456", "valid_minutes": "10"},
    )
)
register(
    Kind(
        code="account.password_changed",
        label=_("Mật khẩu đã thay đổi"),
        title=_("Mật khẩu tài khoản đã được thay đổi"),
        text=_(
            "Mật khẩu tài khoản của bạn trên {{ site_name }} vừa được thay đổi lúc "
            "{{ changed_at }}.\n"
            "Nếu không phải bạn thực hiện, hãy đặt lại mật khẩu ngay và liên hệ bộ phận hỗ trợ."
        ),
        sms=_(
            "Mật khẩu tài khoản Dịch vụ công của bạn vừa được thay đổi lúc {{ changed_at }}. "
            "Nếu không phải bạn, hãy đặt lại mật khẩu ngay."
        ),
        sample={"changed_at": "15/01/2026 09:30"},
    )
)

# --- dossiers -----------------------------------------------------------------------------------

_DOSSIER_SAMPLE = {
    "dossier_code": "000.00.01.H48-260115-0001",
    "procedure_name": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "receiving_agency": "Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi",
    "status": "Được tiếp nhận",
    "due_date": "22/01/2026",
    "tracking_url": "https://dichvucong.example/tra-cuu/?ma=000.00.01.H48-260115-0001",
}


def _dossier_kind(code: str, label, title, text, sms, **sample: str) -> Kind:
    return register(
        Kind(
            code=code, label=label, title=title, text=text, sms=sms, sample=_DOSSIER_SAMPLE | sample
        )
    )


_TRACK = _("Theo dõi hồ sơ: {{ tracking_url }}")

_dossier_kind(
    "dossier.submitted",
    _("Hồ sơ đã được gửi"),
    _("Hồ sơ {{ dossier_code }} đã được gửi"),
    _(
        "Hồ sơ {{ dossier_code }} ({{ procedure_name }}) đã được gửi tới {{ receiving_agency }}. "
        "Cán bộ sẽ kiểm tra và thông báo việc tiếp nhận hồ sơ.\n"
        "Theo dõi hồ sơ: {{ tracking_url }}"
    ),
    _(
        "Hồ sơ {{ dossier_code }} đã được gửi tới {{ receiving_agency }}. Kết quả kiểm tra sẽ "
        "được thông báo sau."
    ),
)
_dossier_kind(
    "dossier.received",
    _("Hồ sơ được tiếp nhận"),
    _("Hồ sơ {{ dossier_code }} đã được tiếp nhận"),
    _(
        "{{ receiving_agency }} đã tiếp nhận hồ sơ {{ dossier_code }} ({{ procedure_name }}).\n"
        "Ngày hẹn trả kết quả: {{ due_date }}.\n"
        "Theo dõi hồ sơ: {{ tracking_url }}"
    ),
    _(
        "Hồ sơ {{ dossier_code }} đã được tiếp nhận, hẹn trả kết quả ngày {{ due_date }}. "
        "Tra cứu trên Cổng Dịch vụ công bằng mã hồ sơ."
    ),
)
_dossier_kind(
    "dossier.intake_fix_requested",
    _("Yêu cầu hoàn thiện hồ sơ trước khi tiếp nhận"),
    _("Hồ sơ {{ dossier_code }} cần bổ sung, hoàn thiện"),
    _(
        "Hồ sơ {{ dossier_code }} ({{ procedure_name }}) cần được bổ sung, hoàn thiện trước "
        "khi tiếp nhận.\n"
        "Nội dung cần bổ sung:\n{{ items }}\n"
        "Lý do: {{ reason }}\n"
        "Theo dõi và nộp bổ sung: {{ tracking_url }}"
    ),
    _(
        "Hồ sơ {{ dossier_code }} cần bổ sung, hoàn thiện trước khi tiếp nhận. Xem chi tiết "
        "trên Cổng Dịch vụ công."
    ),
    items="- Bản vẽ thiết kế xây dựng\n- Giấy tờ về quyền sử dụng đất",
    reason="Thiếu thành phần hồ sơ",
)
_dossier_kind(
    "dossier.not_received",
    _("Hồ sơ không được tiếp nhận"),
    _("Hồ sơ {{ dossier_code }} không được tiếp nhận"),
    _(
        "Hồ sơ {{ dossier_code }} ({{ procedure_name }}) không được tiếp nhận.\n"
        "Lý do: {{ reason }}\n"
        "Chi tiết: {{ tracking_url }}"
    ),
    _("Hồ sơ {{ dossier_code }} không được tiếp nhận. Xem lý do trên Cổng Dịch vụ công."),
    reason="Thủ tục không thuộc thẩm quyền giải quyết của cơ quan",
)
_dossier_kind(
    "dossier.supplement_requested",
    _("Yêu cầu bổ sung hồ sơ"),
    _("Hồ sơ {{ dossier_code }} cần bổ sung giấy tờ"),
    _(
        "Cơ quan giải quyết đề nghị bổ sung hồ sơ {{ dossier_code }} ({{ procedure_name }}).\n"
        "Nội dung cần bổ sung:\n{{ items }}\n"
        "Lý do: {{ reason }}\n"
        "Hạn bổ sung: {{ deadline }}. Thời gian chờ bổ sung không tính vào thời hạn giải quyết.\n"
        "Nộp bổ sung: {{ tracking_url }}"
    ),
    _(
        "Hồ sơ {{ dossier_code }} cần bổ sung giấy tờ, hạn {{ deadline }}. Xem danh sách trên "
        "Cổng Dịch vụ công."
    ),
    items="- Bản sao giấy chứng nhận quyền sử dụng đất",
    reason="Bản sao chưa rõ nét",
    deadline="29/01/2026",
)
_dossier_kind(
    "dossier.awaiting_payment",
    _("Yêu cầu thực hiện nghĩa vụ tài chính"),
    _("Hồ sơ {{ dossier_code }}: đề nghị thực hiện nghĩa vụ tài chính"),
    _(
        "Hồ sơ {{ dossier_code }} ({{ procedure_name }}) cần thực hiện nghĩa vụ tài chính "
        "trước khi trả kết quả.\n"
        "{{ details }}\n"
        "Chi tiết: {{ tracking_url }}"
    ),
    _(
        "Hồ sơ {{ dossier_code }} cần thực hiện nghĩa vụ tài chính. Xem chi tiết trên Cổng "
        "Dịch vụ công."
    ),
    details="Lệ phí cấp giấy phép: 75.000 đồng",
)
_dossier_kind(
    "dossier.extended",
    _("Gia hạn giải quyết hồ sơ"),
    _("Hồ sơ {{ dossier_code }}: thư xin lỗi và hẹn lại ngày trả kết quả"),
    _(
        "{{ apology }}\n\n"
        "Hồ sơ {{ dossier_code }} ({{ procedure_name }}) được hẹn lại ngày trả kết quả: "
        "{{ new_due_date }} (ngày hẹn trước: {{ old_due_date }}).\n"
        "Lý do: {{ reason }}\n"
        "Theo dõi hồ sơ: {{ tracking_url }}"
    ),
    _(
        "Xin lỗi ông/bà: hồ sơ {{ dossier_code }} được hẹn lại ngày trả kết quả "
        "{{ new_due_date }}. Chi tiết trên Cổng Dịch vụ công."
    ),
    apology="Cơ quan chân thành xin lỗi ông/bà vì hồ sơ chưa được giải quyết đúng hẹn.",
    new_due_date="29/01/2026",
    old_due_date="22/01/2026",
    reason="Cần xác minh thêm thông tin",
)
_dossier_kind(
    "dossier.finished",
    _("Hồ sơ đã có kết quả"),
    _("Hồ sơ {{ dossier_code }} đã có kết quả"),
    _(
        "Hồ sơ {{ dossier_code }} ({{ procedure_name }}) đã được giải quyết xong. "
        "Kết quả sẵn sàng để trả: {{ return_method }}.\n"
        "Chi tiết: {{ tracking_url }}"
    ),
    _("Hồ sơ {{ dossier_code }} đã có kết quả, mời ông/bà nhận kết quả: {{ return_method }}."),
    return_method="tại Bộ phận Một cửa",
)
_dossier_kind(
    "dossier.refused",
    _("Hồ sơ bị từ chối giải quyết"),
    _("Hồ sơ {{ dossier_code }} bị từ chối giải quyết"),
    _(
        "Cơ quan có thẩm quyền từ chối giải quyết hồ sơ {{ dossier_code }} "
        "({{ procedure_name }}).\n"
        "Lý do: {{ reason }}\n"
        "Văn bản trả lời được trả theo hình thức: {{ return_method }}.\n"
        "Chi tiết: {{ tracking_url }}"
    ),
    _("Hồ sơ {{ dossier_code }} bị từ chối giải quyết. Xem lý do trên Cổng Dịch vụ công."),
    reason="Không đủ điều kiện theo quy định",
    return_method="tại Bộ phận Một cửa",
)
_dossier_kind(
    "dossier.returned",
    _("Đã trả kết quả"),
    _("Hồ sơ {{ dossier_code }} đã trả kết quả"),
    _(
        "Kết quả giải quyết hồ sơ {{ dossier_code }} ({{ procedure_name }}) đã được trả.\n"
        "Mời ông/bà đánh giá mức độ hài lòng: {{ tracking_url }}"
    ),
    _(
        "Hồ sơ {{ dossier_code }} đã trả kết quả. Mời ông/bà đánh giá mức độ hài lòng trên "
        "Cổng Dịch vụ công."
    ),
)
_dossier_kind(
    "dossier.stopped",
    _("Hồ sơ dừng xử lý"),
    _("Hồ sơ {{ dossier_code }} đã dừng xử lý"),
    _(
        "Hồ sơ {{ dossier_code }} ({{ procedure_name }}) đã dừng xử lý.\n"
        "Lý do: {{ reason }}\n"
        "Chi tiết: {{ tracking_url }}"
    ),
    _("Hồ sơ {{ dossier_code }} đã dừng xử lý. Xem lý do trên Cổng Dịch vụ công."),
    reason="Quá thời hạn mà không bổ sung hồ sơ",
)
_dossier_kind(
    "dossier.withdrawn",
    _("Chấp nhận rút hồ sơ"),
    _("Hồ sơ {{ dossier_code }} đã được rút"),
    _(
        "Yêu cầu rút hồ sơ {{ dossier_code }} ({{ procedure_name }}) đã được chấp nhận; hồ sơ "
        "không tiếp tục được giải quyết.\n"
        "Chi tiết: {{ tracking_url }}"
    ),
    _("Yêu cầu rút hồ sơ {{ dossier_code }} đã được chấp nhận."),
)
