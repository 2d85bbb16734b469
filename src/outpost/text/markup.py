"""Turn Mastodon-style HTML post content into plain text and its link targets."""

import re
from html.parser import HTMLParser

# Elements after which the text continues on a new line.
_LINE_BREAKS = frozenset({"br", "p", "div", "li", "blockquote", "pre", "h1", "h2"})
# Classes that Mastodon puts on links to a profile or a hashtag page.
_ENTITY_CLASSES = frozenset({"mention", "hashtag", "u-url"})


def html_to_text(content: str) -> tuple[str, list[str]]:
    """Return the text of HTML post content and the targets of its links.

    Paragraphs and ``<br>`` become line breaks, and entities are decoded. A link
    whose visible text is its address, which Mastodon shortens with hidden
    spans, is written out as the full target. The tokenizer then reads a URL
    that ends where the link ends. Other links keep their visible text. A
    mention linked to a profile at ``https://server/@name`` reads as the full
    handle ``@name@server``. The returned targets are those of every link
    except mentions and hashtags, for ``Document.from_text(text, links=targets)``.
    A space is added after a link that a letter or digit follows directly.
    """
    parser = _ContentParser()
    parser.feed(content)
    parser.close()
    return parser.text(), parser.links


class _ContentParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        # The open link: its target, whether it is a mention or hashtag, and the
        # parts of its visible text.
        self._link: tuple[str, bool, list[str]] | None = None
        self._after_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _LINE_BREAKS:
            self._line_break()
        if tag != "a" or self._link is not None:
            return
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        is_entity = bool(classes & _ENTITY_CLASSES)
        self._link = (values.get("href") or "", is_entity, [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self._close_link()
        elif tag in _LINE_BREAKS and tag != "br":
            self._line_break()

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link[2].append(data)
            return
        if self._after_link and data[:1].isalnum():
            self.parts.append(" ")
        self._after_link = False
        self.parts.append(data)

    def _close_link(self) -> None:
        assert self._link is not None
        target, is_entity, visible_parts = self._link
        self._link = None
        visible = "".join(visible_parts)
        if is_entity or visible.startswith(("@", "#")):
            self.parts.append(_full_handle(visible, target))
            return
        if target:
            self.links.append(target)
        self.parts.append(target if _shows_target(visible, target) else visible)
        self._after_link = True

    def _line_break(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")
        self._after_link = False

    def text(self) -> str:
        return "".join(self.parts).strip()


def _full_handle(visible: str, target: str) -> str:
    """Add the server to a mention shown as ``@name`` whose profile link is
    ``https://server/@name``, so it reads as the handle ``@name@server``."""
    found = _PROFILE_RE.fullmatch(target)
    if not visible.startswith("@") or "@" in visible[1:] or not found:
        return visible
    server, name = found.groups()
    if name.casefold() != visible[1:].casefold():
        return visible
    return f"{visible}@{server}"


_PROFILE_RE = re.compile(r"https?://([A-Za-z0-9.-]+)/@([A-Za-z0-9_]+)/?")


def _shows_target(visible: str, target: str) -> bool:
    """Return whether a link's visible text is its target, maybe shortened."""
    if not target or not visible.strip():
        return bool(target)
    bare = visible.strip().rstrip("…").removeprefix("https://").removeprefix("http://")
    bare_target = target.removeprefix("https://").removeprefix("http://")
    return bool(bare) and bare_target.startswith(bare.removeprefix("www."))
