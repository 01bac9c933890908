"""Age markup in Markdown: a "##" heading that ends with {age=15-18} starts a section for 15–18 only, and one
that ends with {age=12-14}, right after it, is that section's simpler version for 12–14. Unmarked sections are for
everyone. Used for lessons and facilitator notes; every other heading must stay unmarked."""

import re
from dataclasses import dataclass

from app.age_bands import AGE_BANDS, OLDER, YOUNGER

SECTION_RE = re.compile(r"^## +(.+?) *$", re.MULTILINE)
# Anything in braces at the end of a heading is meant as markup: a typo must not print on the page.
MARK_RE = re.compile(r"\s*\{([^{}]*)\}\s*$")
AGE_MARK_RE = re.compile(r"age=(\S+)")
HEADING_RE = re.compile(r"^#{1,6} .*$", re.MULTILINE)


@dataclass(frozen=True)
class MarkedSection:
    title: str  # the heading's words, without "##", emphasis or markup
    band: str | None  # None: for every age
    source: str  # the section's Markdown, its heading without the markup
    slot: int  # its place among the sections a 15–18 reader sees, from 1; a 12–14 version takes its original's


@dataclass(frozen=True)
class MarkedText:
    intro: str  # the Markdown before the first "##" heading
    sections: tuple[MarkedSection, ...]
    problems: tuple[str, ...]  # what is wrong with the markup, for the file's problem list

    @property
    def marked(self) -> bool:
        return any(s.band for s in self.sections)

    def sections_for(self, band: str) -> list[MarkedSection]:
        return [s for s in self.sections if s.band in (None, band)]

    def source_for(self, band: str) -> str:
        """The Markdown a reader of `band` gets: the intro and their sections, without markup."""
        return self.intro + "".join(s.source for s in self.sections_for(band))


def read_marks(body: str) -> MarkedText:
    """Split a Markdown body into its "##" sections and read their age markup."""
    problems: list[str] = []
    for match in HEADING_RE.finditer(body):
        line = match.group(0)
        if MARK_RE.search(line) and not line.startswith("## "):
            problems.append(f"heading {line.strip()!r}: only a '##' heading can carry {{age=…}}")
    starts = list(SECTION_RE.finditer(body))
    if not starts:
        return MarkedText(intro=body, sections=(), problems=tuple(problems))
    ends = [m.start() for m in starts[1:]] + [len(body)]
    sections: list[MarkedSection] = []
    slot = 0
    for match, end in zip(starts, ends, strict=True):
        heading = match.group(1)
        band = None
        mark = MARK_RE.search(heading)
        if mark:
            heading = heading[: mark.start()]
            age = AGE_MARK_RE.fullmatch(mark.group(1).strip())
            band = age.group(1) if age else None
            if band not in AGE_BANDS:
                problems.append(
                    f"heading {match.group(0).strip()!r}: write {{age={OLDER}}} or {{age={YOUNGER}}} at its end"
                )
                band = None
        previous = sections[-1] if sections else None
        if band == YOUNGER:
            if previous is None or previous.band != OLDER:
                problems.append(
                    f"section {heading.strip()!r} {{age={YOUNGER}}} must come right after the {{age={OLDER}}} "
                    "section it is the simpler version of"
                )
            else:
                # Two versions of one section: a 12–14 reader meets it where the 15–18 reader meets the other.
                sections.append(_section(body, match, end, heading, band, previous.slot))
                continue
        slot += 1
        sections.append(_section(body, match, end, heading, band, slot))
    return MarkedText(intro=body[: starts[0].start()], sections=tuple(sections), problems=tuple(problems))


def _section(body: str, match: re.Match[str], end: int, heading: str, band: str | None, slot: int) -> MarkedSection:
    source = "## " + heading.rstrip() + body[match.end() : end]
    return MarkedSection(title=heading.replace("*", "").strip(), band=band, source=source, slot=slot)
