"""French typography at render time: one filter for content and interface alike, so no writer or translator has
to type no-break spaces by hand."""

import re

from flask import Flask, Response, g

NNBSP = "\u202f"  # narrow no-break space: before ; : ! ? and inside « »
NBSP = "\u00a0"  # no-break space: between a number and its unit
# Tags whose text is code or data, not prose.
RAW_TAGS = ("script", "style", "pre", "code", "textarea")
TOKEN_RE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
RAW_OPEN_RE = re.compile(rf"<({'|'.join(RAW_TAGS)})\b", re.IGNORECASE)
RULES = [
    (re.compile(r"[ \u00a0]+([;:!?])"), NNBSP + r"\1"),  # « Attention : » not « Attention: »
    (re.compile(r"«[ \u00a0]*"), "«" + NNBSP),
    (re.compile(r"[ \u00a0]*»"), NNBSP + "»"),
    (re.compile(r"(?<=\d)[ \u00a0](?=\d{3}(?!\d))"), NNBSP),  # 60 000
    (re.compile(r"(?<=\d)[ \u00a0]?(?=[€%])"), NBSP),  # 60 000 €, 27 %
]


def french_spacing(html: str) -> str:
    """Apply French spacing to the text of an HTML page, leaving tags, attributes, comments and code alone."""
    out = []
    raw_until = None
    for token in TOKEN_RE.split(html):
        if not token:
            continue
        if token.startswith("<"):
            out.append(token)
            if raw_until is None:
                opened = RAW_OPEN_RE.match(token)
                if opened and not token.endswith("/>"):
                    raw_until = f"</{opened.group(1).lower()}"
            elif token.lower().startswith(raw_until):
                raw_until = None
            continue
        if raw_until is None:
            for pattern, replacement in RULES:
                token = pattern.sub(replacement, token)
        out.append(token)
    return "".join(out)


def init_app(app: Flask) -> None:
    @app.after_request
    def space_french_punctuation(response: Response) -> Response:
        if (
            getattr(g, "lang", None) == "fr"
            and response.mimetype == "text/html"
            and not response.direct_passthrough
            and not response.is_streamed
        ):
            response.set_data(french_spacing(response.get_data(as_text=True)))
        return response
