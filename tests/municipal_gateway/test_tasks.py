from municipal_gateway.models import Checkpoint
from municipal_gateway.tasks import create_checkpoint


def test_it_creates_a_checkpoint_once_per_change(alice, append_entry):
    append_entry(alice)

    first = create_checkpoint.delay().get()
    again = create_checkpoint.delay().get()

    assert first == again == Checkpoint.objects.get().id
    append_entry(alice)
    assert create_checkpoint.delay().get() != first
    assert Checkpoint.objects.count() == 2
