from celery import shared_task

from municipal_gateway.services import checkpoint_create


@shared_task
def create_checkpoint() -> int:
    """Sign a checkpoint over all chain heads. Idempotent: unchanged heads reuse the last one."""
    return checkpoint_create().id
