"""A malformed witness key must stop the start, not turn every verify into an error."""

from django.conf import settings
from django.core.checks import Error, register

from datameent import tlog


@register()
def witness_keys_check(app_configs, **kwargs) -> list[Error]:
    errors = []
    for vkey in settings.ACCESS_LOG_WITNESSES:
        try:
            verifier = tlog.parse_verifier(vkey)
        except tlog.NoteError as error:
            errors.append(Error(f"ACCESS_LOG_WITNESSES: {vkey!r}: {error}", id="datameent.E101"))
            continue
        if verifier.signature_type != tlog.SIGNATURE_COSIGNATURE_V1:
            detail = f"{vkey!r} is not a cosignature/v1 key (type 0x04)"
            errors.append(Error(f"ACCESS_LOG_WITNESSES: {detail}", id="datameent.E102"))
    return errors
