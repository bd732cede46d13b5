from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class WorktimeConfig(AppConfig):
    name = "motcua.worktime"
    verbose_name = _("Lịch làm việc và thời hạn")

    def ready(self) -> None:
        from . import models, services

        def changed(**kwargs) -> None:
            # Any write, through the services, the admin or a fixture, invalidates the calendars
            # that processes have built (in the writer's transaction; see CalendarRevision).
            if not kwargs.get("raw"):
                services.bump_revision()

        for model in (
            models.Calendar,
            models.SchedulePeriod,
            models.WorkSession,
            models.Holiday,
            models.ExtraWorkingDay,
            models.HolidayYear,
        ):
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"worktime-{model}")
            post_delete.connect(
                changed, sender=model, weak=False, dispatch_uid=f"worktime-d-{model}"
            )
