"""Celery application.

Without ``CELERY_BROKER_URL`` tasks run inline (eager), which is the embedded default;
production sets the broker (Redis) and runs workers.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.base")

app = Celery("motcua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
