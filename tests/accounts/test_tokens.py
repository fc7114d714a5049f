import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.selectors import api_token_user
from accounts.services import api_token_create, api_token_revoke
from datameent.api import DomainError


def test_it_stores_only_a_digest(bob):
    api_token, token = api_token_create(user=bob, name="zaaksysteem")

    stored = ApiToken.objects.get(id=api_token.id)
    assert token not in {stored.digest, stored.prefix, stored.name}
    # The secret part may itself hold "_" (URL-safe base64), so split at the first two only.
    assert token.split("_", 2)[2] not in stored.digest
    assert api_token_user(token=token, at=timezone.now()) == bob


def test_it_rejects_a_revoked_expired_or_altered_token(bob):
    api_token, token = api_token_create(user=bob, name="zaaksysteem")
    assert (
        api_token_user(token=token[:-1] + ("A" if token[-1] != "A" else "B"), at=timezone.now())
        is None
    )
    assert api_token_user(token="dm_nonsense", at=timezone.now()) is None

    expiring, expiring_token = api_token_create(
        user=bob, name="kort", expires_at=timezone.now() + timezone.timedelta(minutes=1)
    )
    later = timezone.now() + timezone.timedelta(minutes=2)
    assert api_token_user(token=expiring_token, at=later) is None

    api_token_revoke(token_id=api_token.id)
    assert api_token_user(token=token, at=timezone.now()) is None


def test_it_gives_tokens_to_caseworkers_only(alice):
    with pytest.raises(DomainError):
        api_token_create(user=alice, name="nee")


@pytest.mark.parametrize(
    "header", ["Token", "Token a b", "Token dm_x_y", "Token \xff\xfe", "Token dm_0123456789_bad"]
)
def test_it_answers_bad_tokens_with_401(db, header):
    response = APIClient().get("/api/schema/", HTTP_AUTHORIZATION=header)

    assert response.status_code in (401, 403)


def test_it_propagates_traceparent(db):
    incoming = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    response = APIClient().get("/", HTTP_TRACEPARENT=incoming, HTTP_X_REQUEST_ID="req-1")

    trace_id = response["traceparent"].split("-")[1]
    assert trace_id == "0af7651916cd43dd8448eb211c80319c"
    assert response["traceparent"].split("-")[2] != "b7ad6b7169203331"
    assert response["X-Request-ID"] == "req-1"


def test_it_starts_a_new_trace_for_a_malformed_traceparent(db):
    response = APIClient().get("/", HTTP_TRACEPARENT="00-zz-zz-01", HTTP_X_REQUEST_ID="a b")

    assert len(response["traceparent"].split("-")[1]) == 32
    assert response["X-Request-ID"] != "a b"
