"""Quizzes that reward understanding: their shape, the option-length balance and the true/false mix."""

from dataclasses import dataclass
from pathlib import Path

from app.content.course import LANGUAGES, Course, Question, Quiz
from app.content.problems import Problem

# Quizzes that reward understanding: in single-answer and scenario questions the right option may be the longest
# (ties count) in at most this share, per language; true/false keys are mixed within this range.
LONGEST_RIGHT_MAX = 0.35


# ...and at least this share, or "never pick the longest" becomes the trick instead.
LONGEST_RIGHT_MIN = 0.10


TRUE_KEYED = (0.30, 0.70)


QUIZ_SIZE = (6, 8)


MIN_SCENARIOS = 2


@dataclass(frozen=True)
class QuizFigures:
    """One language's quiz figures, as `flask content check` prints them."""

    lang: str
    choice_questions: int  # questions whose kind is balanced: single-answer and scenario
    longest_right: int  # of those, how many have the right option as the longest (ties count)
    shortest_right: int  # and as the shortest: "never the longest" must not become "always the shortest"
    true_false: int
    keyed_true: int

    @property
    def longest_share(self) -> float:
        return self.longest_right / self.choice_questions if self.choice_questions else 0.0

    @property
    def shortest_share(self) -> float:
        return self.shortest_right / self.choice_questions if self.choice_questions else 0.0

    @property
    def true_share(self) -> float:
        return self.keyed_true / self.true_false if self.true_false else 0.0

    def __str__(self) -> str:
        return (
            f"{self.lang}: right option longest in {self.longest_right} of {self.choice_questions} single and "
            f"scenario questions ({self.longest_share:.0%}, {LONGEST_RIGHT_MIN:.0%}–{LONGEST_RIGHT_MAX:.0%}), "
            f"shortest in {self.shortest_right} ({self.shortest_share:.0%}, at most {LONGEST_RIGHT_MAX:.0%}); "
            f"{self.keyed_true} of {self.true_false} true/false keyed true ({self.true_share:.0%}, "
            f"{TRUE_KEYED[0]:.0%}–{TRUE_KEYED[1]:.0%})"
        )


def right_is_longest(quiz: Quiz, lang: str, question: Question) -> bool:
    options = quiz.words[lang][question.id].options
    right = max(len(options[oid].label) for oid in question.answer)
    return all(right >= len(options[oid].label) for oid in question.options)


def right_is_shortest(quiz: Quiz, lang: str, question: Question) -> bool:
    options = quiz.words[lang][question.id].options
    right = min(len(options[oid].label) for oid in question.answer)
    return all(right <= len(options[oid].label) for oid in question.options)


def quiz_figures(course: Course) -> list[QuizFigures]:
    figures = []
    for lang in LANGUAGES:
        choice = longest = shortest = tf = keyed_true = 0
        for quiz in course.quizzes.values():
            for q in quiz.questions:
                if q.type.balanced:
                    choice += 1
                    longest += right_is_longest(quiz, lang, q)
                    shortest += right_is_shortest(quiz, lang, q)
                elif q.type.keyed_true_or_false:
                    tf += 1
                    keyed_true += q.answer == {"true"}
        figures.append(QuizFigures(lang, choice, longest, shortest, tf, keyed_true))
    return figures


def quiz_balance(root: Path, course: Course) -> list[Problem]:
    problems = []
    for fig in quiz_figures(course):
        rel = f"{root.name}/{fig.lang}/quizzes"
        for extreme, share, count, test in (
            ("longest", fig.longest_share, fig.longest_right, right_is_longest),
            ("shortest", fig.shortest_share, fig.shortest_right, right_is_shortest),
        ):
            if share > LONGEST_RIGHT_MAX:
                which = [
                    f"{lid}:{q.id}"
                    for lid, quiz in course.quizzes.items()
                    for q in quiz.questions
                    if q.type.balanced and test(quiz, fig.lang, q)
                ]
                problems.append(
                    Problem(
                        rel,
                        f"the right option is the {extreme} in {count} of {fig.choice_questions} single and "
                        f"scenario questions ({share:.0%}); at most {LONGEST_RIGHT_MAX:.0%} ({', '.join(which)})",
                    )
                )
        if fig.choice_questions and fig.longest_share < LONGEST_RIGHT_MIN:
            problems.append(
                Problem(
                    rel,
                    f"the right option is the longest in only {fig.longest_right} of "
                    f"{fig.choice_questions} single and scenario questions "
                    f"({fig.longest_share:.0%}); at least {LONGEST_RIGHT_MIN:.0%}, so that "
                    "skipping the longest option is no trick either",
                )
            )
        low, high = TRUE_KEYED
        if fig.true_false and not low <= fig.true_share <= high:
            problems.append(
                Problem(
                    f"{root.name}/quizzes",
                    f"{fig.keyed_true} of {fig.true_false} true/false "
                    f"questions are keyed true ({fig.true_share:.0%}); keep it within "
                    f"{low:.0%}–{high:.0%}",
                )
            )
    return problems


def quiz_shape(quiz: Quiz) -> list[str]:
    problems = []
    low, high = QUIZ_SIZE
    if not low <= len(quiz.questions) <= high:
        problems.append(f"the quiz has {len(quiz.questions)} questions; it needs {low}–{high}")
    scenarios = sum(q.type.needs_situation for q in quiz.questions)
    if scenarios < MIN_SCENARIOS:
        problems.append(f"the quiz has {scenarios} scenario question(s); it needs at least {MIN_SCENARIOS}")
    if len({q.kind for q in quiz.questions}) < 3:
        problems.append("the quiz should mix at least three question kinds")
    return problems
