"""Document bodies are markdown written by the secretariat; rendered to HTML that cannot run script."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# Raw HTML in the markdown is escaped by the parser; nh3 then allow-lists what remains
# (tags, attributes and URL schemes), so neither a <script> nor a javascript: link survives.
_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


def render_markdown(text: str | None) -> Markup:
    tokens = _parser.parse(text or "")
    # The page's own title is the only h1: the document's top headings become h2 whatever level
    # they were written at (### right under the h1 would skip a level), the rest keep their depth.
    headings = [t for t in tokens if t.type in ("heading_open", "heading_close")]
    shift = 2 - min((int(t.tag[1]) for t in headings), default=2)
    for token in headings:
        token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"
    html = _parser.renderer.render(tokens, _parser.options, {})
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)  # noqa: S704  (sanitised above)


def plain_text(text: str | None) -> str:
    """The words of the markdown without its syntax, for the search index and its snippets."""
    words = []
    for token in _parser.parse(text or ""):
        if token.type == "inline":
            words.append(
                "".join(
                    child.content if child.type in ("text", "code_inline") else " " if "break" in child.type else ""
                    for child in token.children or []
                )
            )
        elif token.type in ("code_block", "fence"):
            words.append(token.content)
    return " ".join(" ".join(words).split())
