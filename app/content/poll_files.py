"""Live discussion polls: the shared structure (content/polls/<lesson>.yaml) and the words per language
(content/<lang>/polls/<lesson>.yaml). A lesson without a polls file simply has no polls."""

from pathlib import Path
from typing import Any

from app.content.course import LANGUAGES, LessonPolls, Poll, PollText
from app.content.kinds import POLL_KINDS
from app.content.reader import ID_RE, FileReader

PROMPT_MAX, OPTION_MAX, NOTE_MAX = 140, 60, 400
AFTER_LAST_SECTION = -1  # after_section: "end", whatever the number of sections of each edition


def read_polls(reader: FileReader, root: Path, lid: str, sections: dict[str, int]) -> LessonPolls | None:
    """The lesson's polls, or None when it has none. `sections` counts each language's "##" sections."""
    path = root / "polls" / f"{lid}.yaml"
    if not path.is_file():
        return None
    data = reader.yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("polls"), list) or not data["polls"]:
        reader.problem(path, "field 'polls' must be a non-empty list")
        return None
    polls: list[Poll] = []
    for n, raw in enumerate(data["polls"], start=1):
        poll = _poll(reader, path, n, raw, sections)
        if poll is None:
            continue
        if any(p.id == poll.id for p in polls):
            reader.problem(path, f"poll '{poll.id}' is used twice")
            continue
        polls.append(poll)
    if not 2 <= len(data["polls"]) <= 3:
        reader.problem(path, "a lesson has 2 or 3 polls")
    if {p.kind for p in polls} != set(POLL_KINDS) and len(polls) == len(data["polls"]):
        reader.problem(path, "a lesson's polls include at least one scale and one choice poll")
    words = {lang: _words(reader, root / lang / "polls" / f"{lid}.yaml", polls) for lang in LANGUAGES}
    if len(polls) != len(data["polls"]) or any(w is None for w in words.values()):
        return None
    return LessonPolls(lesson_id=lid, polls=tuple(polls), words={k: v for k, v in words.items() if v is not None})


def _poll(reader: FileReader, path: Path, n: int, raw: Any, sections: dict[str, int]) -> Poll | None:
    if not isinstance(raw, dict):
        reader.problem(path, f"poll {n} must be a mapping")
        return None
    pid, kind, after = raw.get("id"), raw.get("kind"), raw.get("after_section")
    if not isinstance(pid, str) or not ID_RE.match(pid):
        reader.problem(path, f"poll {n}: field 'id' must be a quoted id such as \"my-poll\", not {pid!r}")
        return None
    where = f"poll '{pid}'"
    if kind not in POLL_KINDS:
        reader.problem(path, f"{where}: field 'kind' must be one of {', '.join(POLL_KINDS)}, not {kind!r}")
        return None
    ok = True
    for problem in POLL_KINDS[kind].structure_problems(raw.get("options")):
        reader.problem(path, f"{where}: {problem}")
        ok = False
    # One place for every edition, or one per language where the editions' sections differ: {ko: 5, fr: 5, en: 7}.
    places = after if isinstance(after, dict) else {lang: after for lang in sections}
    by_lang: dict[str, int] = {}
    if set(places) != set(sections):
        reader.problem(path, f"{where}: field 'after_section' must give a place for each of {', '.join(sections)}")
        ok = False
    for lang, place in places.items():
        if place == "end":
            by_lang[lang] = AFTER_LAST_SECTION
        elif isinstance(place, int) and not isinstance(place, bool) and 0 <= place <= sections.get(lang, 0):
            by_lang[lang] = place
        else:
            top = sections.get(lang, 0)
            reader.problem(
                path, f"{where}: field 'after_section' ({lang}) must be a whole number from 0 to {top}, or \"end\""
            )
            ok = False
    if not ok:
        return None
    return Poll(id=pid, kind=kind, after_section=by_lang, options=POLL_KINDS[kind].option_ids(raw.get("options")))


def _words(reader: FileReader, path: Path, polls: list[Poll]) -> dict[str, PollText] | None:
    data = reader.yaml(path)
    if data is None:
        return None
    entries = data.get("polls") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        reader.problem(path, "field 'polls' must map each poll id to its words")
        return None
    for extra in sorted(set(entries) - {p.id for p in polls}):
        reader.problem(path, f"poll '{extra}' is not in the shared polls file")
    words: dict[str, PollText] = {}
    for poll in polls:
        text = _poll_words(reader, path, poll, entries.get(poll.id))
        if text is not None:
            words[poll.id] = text
    return words if len(words) == len(polls) else None


def _poll_words(reader: FileReader, path: Path, poll: Poll, raw: Any) -> PollText | None:
    where = f"poll '{poll.id}'"
    if not isinstance(raw, dict):
        reader.problem(path, f"{where}: words are missing")
        return None
    texts: dict[str, str] = {}
    limits = {"prompt": PROMPT_MAX, "note": NOTE_MAX}
    if poll.type.fixed_options is not None:
        limits |= {"low": OPTION_MAX, "high": OPTION_MAX}
    for key, limit in limits.items():
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            reader.problem(path, f"{where}: field '{key}' must be non-empty text")
        elif len(value) > limit:
            reader.problem(path, f"{where}: field '{key}' is {len(value)} characters; keep it under {limit}")
        else:
            texts[key] = value.strip()
    if poll.type.fixed_options is not None:
        labels = {poll.options[0]: texts.get("low", ""), poll.options[-1]: texts.get("high", "")}
    else:
        raw_options = raw.get("options")
        labels = {}
        if not isinstance(raw_options, dict) or set(raw_options) != set(poll.options):
            reader.problem(path, f"{where}: field 'options' must give a label to each of {', '.join(poll.options)}")
        else:
            for option, label in raw_options.items():
                if not isinstance(label, str) or not label.strip() or len(label) > OPTION_MAX:
                    reader.problem(path, f"{where}: option '{option}' needs a label under {OPTION_MAX} characters")
                else:
                    labels[option] = label.strip()
    if len(texts) != len(limits) or (poll.type.fixed_options is None and len(labels) != len(poll.options)):
        return None
    return PollText(prompt=texts["prompt"], options=labels, note=texts["note"])
