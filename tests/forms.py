"""Read a rendered form back as a browser would submit it, unchanged."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""
        self._in_main = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {key: value or "" for key, value in attrs}
        name = a.get("name")
        if tag == "main":
            self._in_main = True
        if not self._in_main:
            return  # the header's language switch is a form of its own
        if tag == "input" and name and a.get("type") not in ("file", "submit"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if a.get("type") in ("checkbox", "radio") else ""
            self.data.append((name, a.get("value", default)))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self._in_main = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            # A browser drops the one newline right after <textarea>.
            self.data.append((self._textarea, self._text.removeprefix("\n").replace("\r", "")))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text += data


def unchanged_form(html: str) -> dict[str, list[str]]:
    """The values a browser posts when the visitor changes nothing and presses save."""
    reader = _FormReader()
    reader.feed(html)
    values: dict[str, list[str]] = {}
    for name, value in reader.data:
        values.setdefault(name, []).append(value)
    return values
