"""The two age routes: one list for content, classes, forms and pages. Plain Python, no Flask.

A class has a band; a self-study learner picks one (or reads the default). Lessons mark the "##" sections that
are for 15–18 only, and may follow one with its simpler 12–14 version (see docs/content.md)."""

YOUNGER = "12-14"
OLDER = "15-18"
AGE_BANDS = (YOUNGER, OLDER)
# What a reader sees before choosing, and what a lesson without markup is: the whole lesson.
DEFAULT_BAND = OLDER


def valid_band(value: object) -> str | None:
    """The band named by `value` (from a form, a query or a cookie), or None."""
    return value if isinstance(value, str) and value in AGE_BANDS else None
