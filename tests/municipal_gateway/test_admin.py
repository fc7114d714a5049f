"""The admin shows the access log and changes nothing of it, not even for a superuser."""

import pytest
from django.urls import reverse
from django.utils import timezone

from municipal_gateway.models import (
    AccessLogEntry,
    ChainHead,
    Checkpoint,
    Cosignature,
    LogLeaf,
    WitnessAlarm,
)
from municipal_gateway.services import checkpoint_create

MODELS = [AccessLogEntry, ChainHead, Checkpoint, LogLeaf, Cosignature, WitnessAlarm]


@pytest.fixture
def objects(alice_chain) -> dict:
    checkpoint = checkpoint_create()
    now = timezone.now()
    return {
        AccessLogEntry: alice_chain[0],
        ChainHead: ChainHead.objects.get(),
        Checkpoint: checkpoint,
        LogLeaf: LogLeaf.objects.get(),
        Cosignature: Cosignature.objects.create(
            checkpoint=checkpoint, witness_name="w.example/w", signed_at=now, signature="AA=="
        ),
        WitnessAlarm: WitnessAlarm.objects.create(
            witness_name="w.example/w", reason="shrunk", raised_at=now
        ),
    }


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:municipal_gateway_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS)
def test_it_lets_a_superuser_look(root_client, objects, model):
    assert root_client.get(_url(model, "changelist")).status_code == 200
    response = root_client.get(_url(model, "change", objects[model].pk))
    assert response.status_code == 200
    assert b'name="_save"' not in response.content


@pytest.mark.parametrize("model", MODELS)
def test_it_lets_nobody_add_change_or_delete(root_client, objects, model):
    obj = objects[model]
    before = list(model.objects.values())

    assert root_client.get(_url(model, "add")).status_code == 403
    assert root_client.post(_url(model, "change", obj.pk), {}).status_code == 403
    assert root_client.get(_url(model, "delete", obj.pk)).status_code == 403
    assert root_client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert list(model.objects.values()) == before


@pytest.mark.parametrize("model", MODELS)
def test_it_offers_no_bulk_delete(root_client, objects, model):
    response = root_client.post(
        _url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [objects[model].pk], "post": "yes"},
    )

    assert b"delete_selected" not in root_client.get(_url(model, "changelist")).content
    assert response.status_code in (200, 302)
    assert model.objects.filter(pk=objects[model].pk).exists()
