"""Per-agency letterhead data printed on official papers; written through ``services``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Letterhead(models.Model):
    """What an agency prints at the head and foot of its papers (NĐ 30/2020 layout).

    Agencies without a row get a letterhead derived from the agency catalogue
    (``services.letterhead_for``), so forms print before an administrator has set anything.
    """

    agency = models.OneToOneField(
        "directory.Agency",
        verbose_name=_("cơ quan, đơn vị"),
        on_delete=models.CASCADE,
        related_name="letterhead",
    )
    superior_name = models.CharField(
        _("tên cơ quan chủ quản"),
        max_length=200,
        blank=True,
        help_text=_("Dòng trên của tiêu đề, ví dụ: UBND TỈNH QUẢNG NGÃI."),
    )
    issuer_name = models.CharField(
        _("tên cơ quan, đơn vị ban hành"),
        max_length=300,
        help_text=_("In đậm dưới tên cơ quan chủ quản; xuống dòng bằng phím Enter."),
    )
    place_name = models.CharField(
        _("địa danh"), max_length=100, help_text=_("In trước ngày tháng, ví dụ: Quảng Ngãi.")
    )
    document_symbol = models.CharField(
        _("chữ viết tắt tên cơ quan"),
        max_length=50,
        blank=True,
        help_text=_("Dùng trong số, ký hiệu văn bản, ví dụ: TTPVHCC → Số: 15/TB-TTPVHCC."),
    )
    signer_authority = models.CharField(
        _("thẩm quyền ký"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: KT. GIÁM ĐỐC (để trống nếu người đứng đầu ký)."),
    )
    signer_title = models.CharField(
        _("chức vụ người ký"), max_length=100, help_text=_("Ví dụ: PHÓ GIÁM ĐỐC.")
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=200, blank=True)
    seal_text = models.CharField(
        _("dòng ghi chú tại vị trí ký, đóng dấu"),
        max_length=200,
        blank=True,
        default="(Ký, ghi rõ họ tên và đóng dấu)",
    )
    contact_text = models.TextField(
        _("thông tin liên hệ in cuối phiếu"),
        blank=True,
        help_text=_("Địa chỉ, số điện thoại, đường dây nóng của Bộ phận Một cửa."),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tiêu đề biểu mẫu")
        verbose_name_plural = _("tiêu đề biểu mẫu")
        ordering = ["agency__name"]

    def __str__(self) -> str:
        return str(self.agency)
