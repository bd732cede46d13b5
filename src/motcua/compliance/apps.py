from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "motcua.compliance"
    verbose_name = _("Tự đánh giá tuân thủ")
