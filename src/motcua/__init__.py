"""motcua — a province's system for settling administrative procedures.

One product, two faces: the public service portal and the one-stop back office.
"""

from .celery import app as celery_app

__all__ = ["celery_app"]
__version__ = "0.1.0"
