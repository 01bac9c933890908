"""`flask demo`: a demo teacher and a class of about 25 students with varied progress."""

import random
from datetime import date, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.classroom.recovery import set_recovery_code
from app.extensions import db
from app.learners import record_attempt, record_lesson_opened
from app.models import Assignment, Classroom, Learner, Student, Teacher
from app.models.base import utcnow

DEMO_EMAIL = "demo.teacher@example.org"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - the demo account's published password (README)
NICKNAMES = [
    "Blue Fox",
    "Quiet Owl",
    "Comet",
    "Mango",
    "Pixel",
    "River",
    "Maple",
    "Nova",
    "Tiger Lily",
    "Orbit",
    "Sunny",
    "Echo",
    "Falcon",
    "Pebble",
    "Kiwi",
    "Cloud",
    "Juniper",
    "Marble",
    "Rocket",
    "Willow",
    "Zigzag",
    "Lotus",
    "Cobalt",
    "Breeze",
    "Acorn",
]


@click.command("demo")
@with_appcontext
@click.option("--seed", default=2024, help="Random seed, so the demo looks the same each time.")
def demo_command(seed: int) -> None:
    """Create a demo teacher with a class of 25 students (does nothing if the demo teacher exists)."""
    if db.session.scalar(select(Teacher).where(Teacher.email == DEMO_EMAIL)) is None:
        make_demo(random.Random(seed))  # noqa: S311 - reproducible demo data, not a secret
        db.session.commit()
        click.echo("Demo class created.")
    else:
        click.echo("The demo teacher already exists.")
    click.echo(f"Teacher sign-in: {DEMO_EMAIL} / {DEMO_PASSWORD}")


def make_demo(rng: random.Random) -> Classroom:
    course = current_app.extensions["course"]
    teacher = Teacher(email=DEMO_EMAIL, name="Demo Teacher", lang="en", confirmed_at=utcnow())  # pre-confirmed
    teacher.set_password(DEMO_PASSWORD)
    classroom = Classroom(teacher=teacher, name="Year 9 · Digital safety", lang="en", join_code="DEMQ4CAT")
    db.session.add_all([teacher, classroom])
    first = date.today() - timedelta(days=14)
    for i, lesson_id in enumerate(course.lesson_ids[:4]):
        classroom.assignments.append(
            Assignment(lesson_id=lesson_id, position=i + 1, due_date=first + timedelta(days=7 * i))
        )
    db.session.flush()
    for n, nickname in enumerate(NICKNAMES):
        learner = Learner()
        student = Student(classroom=classroom, learner=learner, nickname=nickname)
        set_recovery_code(student, "river apple moon")
        db.session.add(student)
        db.session.flush()
        # Earlier students got further: a living dashboard with every state.
        reached = max(0, 4 - n // 6 - rng.randint(0, 1))
        for lesson_id in course.lesson_ids[:reached]:
            quiz = course.quizzes[lesson_id]
            if rng.random() < 0.15:
                record_lesson_opened(learner, lesson_id, "en")
                continue
            answers = {}
            for q in quiz.questions:
                good = rng.random() < 0.75
                wrong = [o for o in q.options if o not in q.answer]
                answers[q.id] = set(q.answer) if good or not wrong else {rng.choice(wrong)}
            record_attempt(learner, quiz, "en", answers)
        if reached < 4 and rng.random() < 0.5:
            record_lesson_opened(learner, course.lesson_ids[reached], "en")
    return classroom
