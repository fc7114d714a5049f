from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.models import User
from accounts.selectors import api_token_user


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token dm_…`` for case systems. Tokens are stored hashed."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, None] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give exactly one token after 'Token'.")
        user = api_token_user(token=header[1].decode(errors="replace"), at=timezone.now())
        if user is None:
            raise exceptions.AuthenticationFailed("This token is not valid.")
        return user, None

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):  # type: ignore[no-untyped-def]
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token-based authentication: 'Token dm_…'",
        }
