from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "motcua.archive"
    verbose_name = _("Lưu trữ hồ sơ điện tử")
