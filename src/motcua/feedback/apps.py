from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "motcua.feedback"
    verbose_name = _("Đánh giá và phản ánh, kiến nghị")

    def ready(self):
        from . import notices  # noqa: F401  (the "answered" notification kind and its handler)
