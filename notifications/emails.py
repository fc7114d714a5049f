"""Email for one event and for digests: Dutch first, English below, a link to the portal.

No free text of a caseworker ever goes into a mail, only what the system itself says.
"""

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from notifications.constants import Channel
from notifications.messages import Message, message_render
from notifications.models import InboxEntry

# The resident's language is not recorded, so every mail is Dutch with English below.
LANGUAGES = ("nl", "en")


def _section(*, language: str, entries: Sequence[InboxEntry], channel: str) -> dict[str, Any]:
    with translation.override(language):
        return {
            "language": language,
            "subject": _subject_part(entries=entries, channel=channel),
            "messages": [_message(entry) for entry in entries],
        }


def _message(entry: InboxEntry) -> Message:
    """The message without the caseworker's own words: they could hold a link (phishing) or
    anything else. The mail says where to read them; the portal shows them as plain text."""
    context = {key: value for key, value in entry.context.items() if key != "reason"}
    message = message_render(kind=entry.kind, context=context, occurred_at=entry.occurred_at)
    if not entry.context.get("reason"):
        return message
    why = (_("Waarom"), _("Log in op Datameent om te zien wie het was en waarom."))
    return replace(message, lines=[*message.lines, why])


def _subject_part(*, entries: Sequence[InboxEntry], channel: str) -> str:
    if channel == Channel.DAILY:
        return _("uw berichten van de afgelopen dag")
    if channel == Channel.WEEKLY:
        return _("uw berichten van de afgelopen week")
    entry = entries[0]
    return message_render(
        kind=entry.kind, context=entry.context, occurred_at=entry.occurred_at
    ).title


def email_send(*, to: str, entries: Sequence[InboxEntry], channel: str) -> None:
    """One event (channel ``email``) or a digest of several (``daily``/``weekly``)."""
    sections = [_section(language=code, entries=entries, channel=channel) for code in LANGUAGES]
    context = {
        "sections": sections,
        "portal_url": settings.PORTAL_BASE_URL,
        "digest": channel in (Channel.DAILY, Channel.WEEKLY),
    }
    subject = "Datameent: " + " / ".join(section["subject"] for section in sections)
    message = EmailMultiAlternatives(
        subject=subject[:200],
        body=render_to_string("notifications/email.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string("notifications/email.html", context), "text/html")
    message.send()
