"""The product's URLs plus ``bench/bare/``: a Django JSON view that does no work at all."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def bare(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("datameent.urls")),
]
