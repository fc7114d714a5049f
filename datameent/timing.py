"""A fixed minimum answer time for every view that takes a BSN.

Whether a BSN has a vault changes the work behind the answer: a log entry in the
resident's chain, a message to the resident, a task run in process after commit. The
answer itself is the same, so only its time could tell. Each such view answers no sooner
than ``BSN_ANSWER_FLOOR_MS`` after it started, counting everything it does: the view, the
work run on commit inside it, and rendering the response. When the real work takes longer
than the floor, the time leaks again: a warning (without the BSN) asks the operator to raise
the floor. See docs/gateway.md.
"""

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponseBase]
# A BSN travels only in a request's body, never in a URL, so only these methods carry one.
BSN_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _render(response: HttpResponseBase) -> None:
    # Template and DRF responses render after the view returns; render them inside the floor.
    if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
        response.render()  # type: ignore[attr-defined]


def _wait_for_floor(*, started: float, name: str) -> None:
    floor = settings.BSN_ANSWER_FLOOR_MS / 1000
    if floor <= 0:
        return
    elapsed = time.monotonic() - started
    if elapsed <= floor:
        time.sleep(floor - elapsed)
        return
    logger.warning(
        "%s took %.0f ms, longer than BSN_ANSWER_FLOOR_MS (%d ms): its time may tell whether "
        "a BSN has a vault. Raise the floor.",
        name,
        elapsed * 1000,
        settings.BSN_ANSWER_FLOOR_MS,
    )


@contextmanager
def _floor(request: HttpRequest, name: str) -> Iterator[None]:
    if request.method not in BSN_METHODS:
        yield
        return
    started = time.monotonic()
    try:
        yield
    finally:  # an error takes as long as an answer
        _wait_for_floor(started=started, name=name)


def bsn_answer_floor(view: View) -> View:
    """Make ``view`` answer a request with a body no sooner than the floor, whatever
    happens inside it. Put it outermost, so a refusal takes as long as an answer."""

    @wraps(view)
    def padded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with _floor(request, view.__qualname__):
            response = view(request, *args, **kwargs)
            _render(response)
        return response

    return padded


class BsnAnswerFloor:
    """For class-based views (DRF ``APIView``s included), listed before the view's class: the
    whole dispatch gets the floor, so a refusal by a permission or a validation error takes
    as long as an answer."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with _floor(request, type(self).__qualname__):
            response: HttpResponseBase = super().dispatch(  # type: ignore[misc]
                request, *args, **kwargs
            )
            _render(response)
        return response
