"""Declarative base with a constraint naming convention, and the column aliases every model shares."""

from datetime import UTC, datetime
from typing import Annotated

from sqlalchemy import DateTime, MetaData, String
from sqlalchemy.orm import DeclarativeBase, mapped_column

from app.age_bands import DEFAULT_BAND

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored timestamp with its UTC offset: SQLite hands timestamps back without it."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


intpk = Annotated[int, mapped_column(primary_key=True)]
# Content is referred to by its string id, never by a foreign key: lessons are files, not rows.
content_id = Annotated[str, mapped_column(String(80))]
lang_code = Annotated[str, mapped_column(String(2))]
timestamp = Annotated[datetime, mapped_column(DateTime(timezone=True), default=utcnow)]
# An age route ("12-14" or "15-18"); rows made before the routes existed read the whole lesson.
age_band = Annotated[str, mapped_column(String(5), default=DEFAULT_BAND, server_default=DEFAULT_BAND)]
