from celery import shared_task

from . import services


@shared_task(name="motcua.ops.run_operation")
def run_operation(pk: str) -> None:
    services.run_operation(pk)


@shared_task(name="motcua.ops.purge_expired")
def purge_expired() -> None:
    services.purge_expired()
