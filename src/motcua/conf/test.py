"""Test overlay: the same settings, with a fast password hasher and isolated files."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="motcua-media-"))
CELERY_TASK_ALWAYS_EAGER = True
AXES_ENABLED = False  # lock-out tests switch it back on explicitly
# Access statistics and look-up rate limits would make query counts and repeated requests of
# other tests depend on their order; the ops tests switch them back on explicitly.
MOTCUA_ACCESS_LOG = False
MOTCUA_RATE_LIMITS = {}
MOTCUA_SMS_BACKEND = "motcua.notifications.sms.locmem.LocmemSmsBackend"  # read back from .outbox
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so live-server and worker threads get real separate connections;
    # one per process so parallel test runs on one machine do not share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"motcua-test-{os.getpid()}.sqlite3")
    }
