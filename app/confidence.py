"""The start-and-end check: a learner rates a lesson's 2–3 statements from 1 to 5 before and after it.

The learner's own ratings stay in their signed cookie, so they can see their own change. A class student's
ratings are also added to their class's counts (ConfidenceTally), with a separate row saying only that they
answered that phase (ConfidenceResponse): a teacher sees averages and the change, from 3 students who answered
both, never anyone's ratings.
"""

from dataclasses import dataclass

from flask import session
from sqlalchemy import func, select

from app.content.course import ConfidenceCheck
from app.extensions import db
from app.learners import current_learner_id, insert_or_ignore, sql_dialect, student_for_learner
from app.models import ConfidenceResponse, ConfidenceTally

PHASES = ("before", "after")
RATINGS = (1, 2, 3, 4, 5)
COOKIE_KEY = "confidence"
CLASS_THRESHOLD = 3  # students who answered both phases before a class sees anything


def own_ratings(lesson_id: str) -> dict[str, dict[str, int]]:
    """This browser's ratings for a lesson: {"before": {statement: rating}, "after": {…}}."""
    saved = session.get(COOKIE_KEY, {})
    entry = saved.get(lesson_id, {}) if isinstance(saved, dict) else {}
    return {phase: dict(entry.get(phase, {})) for phase in PHASES if isinstance(entry.get(phase), dict)}


def record(check: ConfidenceCheck, phase: str, ratings: dict[str, int]) -> None:
    """Keep the ratings in the cookie and, for a class's student, add them to the class's counts once per phase."""
    saved = dict(session.get(COOKIE_KEY, {})) if isinstance(session.get(COOKIE_KEY), dict) else {}
    entry = dict(saved.get(check.lesson_id, {}))
    entry[phase] = ratings
    saved[check.lesson_id] = entry
    session[COOKIE_KEY] = saved
    student = student_for_learner(current_learner_id())
    if student is None:
        return
    made = insert_or_ignore(
        ConfidenceResponse,
        classroom_id=student.classroom_id,
        lesson_id=check.lesson_id,
        student_id=student.id,
        phase=phase,
    )
    if not made:
        return  # a double tap, or a second try: the class counts each student once per phase
    for statement_id, rating in ratings.items():
        statement = (
            sql_dialect()
            .insert(ConfidenceTally)
            .values(
                classroom_id=student.classroom_id,
                lesson_id=check.lesson_id,
                statement_id=statement_id,
                phase=phase,
                rating=rating,
                count=1,
            )
        )
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["classroom_id", "lesson_id", "statement_id", "phase", "rating"],
                set_={"count": ConfidenceTally.count + 1},
            )
        )


@dataclass(frozen=True)
class Change:
    statement_id: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


def own_change(check: ConfidenceCheck, ratings: dict[str, dict[str, int]]) -> list[Change]:
    """The learner's own before and after, statement by statement, once both are there."""
    before, after = ratings.get("before", {}), ratings.get("after", {})
    return [Change(s, before[s], after[s]) for s in check.statements if s in before and s in after]


@dataclass(frozen=True)
class ClassChange:
    lesson_id: str
    students: int  # who answered both phases
    before: float  # average rating over every statement and answer
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


def class_changes(classroom_id: int) -> list[ClassChange]:
    """Per lesson, the class's average before and after, only where at least CLASS_THRESHOLD students answered
    both. Two queries, whatever the class's size."""
    both = (
        select(ConfidenceResponse.lesson_id, ConfidenceResponse.student_id)
        .where(ConfidenceResponse.classroom_id == classroom_id)
        .group_by(ConfidenceResponse.lesson_id, ConfidenceResponse.student_id)
        .having(func.count(func.distinct(ConfidenceResponse.phase)) == len(PHASES))
        .subquery()
    )
    students: dict[str, int] = {
        lesson_id: n
        for lesson_id, n in db.session.execute(select(both.c.lesson_id, func.count()).group_by(both.c.lesson_id))
    }
    shown = {lesson_id for lesson_id, n in students.items() if n >= CLASS_THRESHOLD}
    if not shown:
        return []
    sums: dict[tuple[str, str], tuple[int, int]] = {}
    rows = db.session.execute(
        select(
            ConfidenceTally.lesson_id,
            ConfidenceTally.phase,
            func.sum(ConfidenceTally.rating * ConfidenceTally.count),
            func.sum(ConfidenceTally.count),
        )
        .where(ConfidenceTally.classroom_id == classroom_id, ConfidenceTally.lesson_id.in_(shown))
        .group_by(ConfidenceTally.lesson_id, ConfidenceTally.phase)
    )
    for lesson_id, phase, total, count in rows:
        sums[(lesson_id, phase)] = (int(total or 0), int(count or 0))
    changes = []
    for lesson_id in shown:
        (b_total, b_count), (a_total, a_count) = (
            sums.get((lesson_id, "before"), (0, 0)),
            sums.get((lesson_id, "after"), (0, 0)),
        )
        if b_count and a_count:
            changes.append(ClassChange(lesson_id, students[lesson_id], b_total / b_count, a_total / a_count))
    return changes
