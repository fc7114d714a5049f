from django.http import HttpRequest

from notifications.selectors import inbox_unread_count


def inbox_unread(request: HttpRequest) -> dict[str, int]:
    """The unread count beside "Berichten" in the menu, on every page of a resident."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_resident", False) or not user.is_authenticated:
        return {}
    return {"inbox_unread": inbox_unread_count(resident=user)}
