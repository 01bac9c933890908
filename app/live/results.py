"""What a live session's answers add up to, and the class's past sessions: counts per option only from
RESULT_THRESHOLD answers up, so no screen can point at one student."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select

from app.extensions import db
from app.live.sessions import IDLE_LIMIT
from app.models import LivePresence, LiveResponse, LiveSession, LiveTally
from app.models.base import utcnow

RESULT_THRESHOLD = 3  # no screen ever shows a result fewer students gave: it could point at someone


def _over() -> ColumnElement[bool]:
    """A past session: ended, or left idle for IDLE_LIMIT."""
    return LiveSession.ended_at.is_not(None) | (LiveSession.last_action_at <= utcnow() - IDLE_LIMIT)


def participant_count(session_id: int) -> int:
    """Students who followed the session at some point."""
    return (
        db.session.scalar(select(func.count()).select_from(LivePresence).where(LivePresence.session_id == session_id))
        or 0
    )


@dataclass(frozen=True)
class StepResults:
    answered: int
    counts: dict[str, int]  # option id -> count; empty below RESULT_THRESHOLD

    @property
    def shown(self) -> bool:
        return self.answered >= RESULT_THRESHOLD

    def share(self, option_id: str) -> int:
        """The option's share of answers, in whole percent (of students, for questions with several answers)."""
        return round(100 * self.counts.get(option_id, 0) / self.answered) if self.answered else 0


def step_results(session_id: int, step_key: str) -> StepResults:
    """How many answered a step and, only from RESULT_THRESHOLD answers up, the count per option."""
    answered = (
        db.session.scalar(
            select(func.count())
            .select_from(LiveResponse)
            .where(LiveResponse.session_id == session_id, LiveResponse.step_key == step_key)
        )
        or 0
    )
    if answered < RESULT_THRESHOLD:
        return StepResults(answered=answered, counts={})
    counts = dict(
        db.session.execute(
            select(LiveTally.option_id, LiveTally.count).where(
                LiveTally.session_id == session_id, LiveTally.step_key == step_key
            )
        ).all()
    )
    return StepResults(answered=answered, counts=counts)


def session_results(session_id: int) -> dict[str, StepResults]:
    """Every answered step's results, for the summary: steps under RESULT_THRESHOLD answers have no counts."""
    answered = dict(
        db.session.execute(
            select(LiveResponse.step_key, func.count())
            .where(LiveResponse.session_id == session_id)
            .group_by(LiveResponse.step_key)
        ).all()
    )
    tallies: dict[str, dict[str, int]] = {}
    for step_key, option_id, count in db.session.execute(
        select(LiveTally.step_key, LiveTally.option_id, LiveTally.count).where(LiveTally.session_id == session_id)
    ):
        tallies.setdefault(step_key, {})[option_id] = count
    return {
        key: StepResults(answered=n, counts=tallies.get(key, {}) if n >= RESULT_THRESHOLD else {})
        for key, n in answered.items()
    }


def past_sessions(classroom_id: int) -> list[LiveSession]:
    """The class's ended sessions (idle ones included), newest first."""
    return list(
        db.session.scalars(
            select(LiveSession)
            .where(
                LiveSession.classroom_id == classroom_id,
                _over(),
            )
            .order_by(LiveSession.started_at.desc())
        )
    )


@dataclass(frozen=True)
class LiveSummary:
    id: int
    lesson_id: str
    started_at: datetime
    participants: int


def live_summaries(classroom_id: int) -> list[LiveSummary]:
    """The class page's list of past sessions with how many took part, in one query."""
    participants = (
        select(func.count())
        .select_from(LivePresence)
        .where(LivePresence.session_id == LiveSession.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(LiveSession.id, LiveSession.lesson_id, LiveSession.started_at, participants)
        .where(
            LiveSession.classroom_id == classroom_id,
            _over(),
        )
        .order_by(LiveSession.started_at.desc())
    ).all()
    return [LiveSummary(*row) for row in rows]
