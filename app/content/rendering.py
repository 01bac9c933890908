"""Markdown to safe HTML, once at start-up."""

import re
from collections.abc import Callable

import markdown
import nh3
from markupsafe import Markup

BOX_KINDS = ("scenario", "discussion", "key", "help")
ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "div",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
    "hr",
    "code",
    "abbr",
    "dl",
    "dt",
    "dd",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "abbr": {"title"},
    "th": {"scope"},
}
ALLOWED_CLASSES = {"div": {"admonition", *BOX_KINDS}, "p": {"admonition-title"}}
# lesson:, help: and page: are our own link schemes, rewritten by `link_resolver`.
URL_SCHEMES = {"https", "http", "mailto", "tel"}
LINK_RE = re.compile(r'href="(lesson|help|page):([a-z0-9-]*)"')


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["admonition", "tables", "sane_lists", "toc"], extension_configs={"toc": {"slugify": _slug}}
    )


def _slug(value: str, separator: str) -> str:
    # Hangul and accented headings keep readable ids.
    return re.sub(r"[^\w]+", separator, value.strip().lower(), flags=re.UNICODE).strip(separator)


def render_markdown(text: str, resolve_link: Callable[[str, str], str]) -> Markup:
    """Render Markdown, rewrite our link schemes with `resolve_link(scheme, id)`, then sanitize."""
    html = _markdown().convert(text)
    html = LINK_RE.sub(lambda m: f'href="{resolve_link(m.group(1), m.group(2))}"', html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noreferrer noopener",
    )
    return Markup(clean)  # noqa: S704 - nh3 has just sanitized it with our allow-list


def internal_links(text: str) -> list[tuple[str, str]]:
    """The (scheme, id) pairs of our own links in a Markdown text, for the checker."""
    return re.findall(r"\]\((lesson|help|page):([a-z0-9-]*)\)", text)
