from datameent.api import NotFound


class InvalidNotification(ValueError):
    """A programming error in a caller: unknown kind, or context that is not ids and codes."""


class InboxEntryNotFound(NotFound):
    code = "inbox_entry_not_found"
    default_detail = "Dit bericht bestaat niet."


class EmailNotSent(Exception):
    """The mail server could not be reached or refused the mail: it was certainly not sent,
    so trying again cannot send it twice."""
