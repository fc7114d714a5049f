from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import selectors
from accounts.forms import SettingsForm
from accounts.services import resident_settings_update
from datameent.portal import AuthenticatedRequest, remember_language, resident_required
from notifications.selectors import digest_channel_get, email_choices_get

LOGINS_PER_PAGE = 50


@resident_required
def login_history(request: AuthenticatedRequest) -> HttpResponse:
    events = selectors.login_events_for_resident(resident=request.user)
    page = Paginator(events, LOGINS_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "accounts/login_history.html", {"page": page})


def _initial(request: AuthenticatedRequest) -> dict[str, str]:
    initial = {
        "language": request.user.language or translation.get_language() or "nl",
        "digest": digest_channel_get(resident=request.user),
    }
    for kind, choice in email_choices_get(resident=request.user).items():
        initial[SettingsForm.email_field(kind)] = choice
    return initial


@resident_required
def settings_page(request: AuthenticatedRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = SettingsForm(data, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        resident_settings_update(
            resident=request.user,
            language=language,
            email=form.email_choices(),
            digest=form.cleaned_data["digest"],
        )
        with translation.override(language):
            messages.success(request, _("Uw instellingen zijn opgeslagen."))
        return remember_language(redirect("accounts-portal:settings"), language)
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/settings.html", {"form": form}, status=status)
