"""API tokens look like ``dm_<prefix>_<secret>``. The prefix finds the row; the digest proves it."""

import hashlib
import hmac
import secrets

TOKEN_SCHEME = "dm"


def token_new() -> tuple[str, str, str]:
    """Return (token, prefix, digest). The token is shown once and never stored."""
    prefix = secrets.token_hex(5)
    token = f"{TOKEN_SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    return token, prefix, token_digest(token)


def token_digest(token: str) -> str:
    # Tokens carry 256 random bits, so a plain SHA-256 digest is enough to store them safely.
    return hashlib.sha256(token.encode()).hexdigest()


def token_prefix(token: str) -> str | None:
    scheme, _, rest = token.partition("_")
    prefix, sep, secret = rest.partition("_")
    if scheme != TOKEN_SCHEME or not sep or len(prefix) != 10 or not secret:
        return None
    return prefix


def digests_match(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
