from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "motcua.directory"
    verbose_name = _("Danh mục điện tử dùng chung")
