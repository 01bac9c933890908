"""The site's languages: one list for routing, content, catalogs and docs. Plain Python, no Flask."""

LANGUAGES = ("ko", "fr", "en")
DEFAULT_LANGUAGE = "en"
# Each language's name in itself, for the language switcher.
LANGUAGE_NAMES = {"ko": "한국어", "fr": "Français", "en": "English"}
# The URL prefix every page has: `/xx/` for a language we don't have is a 404 for free.
LANG_PREFIX = f"/<any({', '.join(LANGUAGES)}):lang>"
