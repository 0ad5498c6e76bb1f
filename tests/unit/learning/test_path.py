"""The guided path: lesson → the exercises that practise it → the next lesson, and its "because"."""

from __future__ import annotations

from pyroad.curriculum.loader import load_catalog
from pyroad.learning.path import CoursePath, Progress
from tests.conftest import CURRICULUM

CATALOG, _ = load_catalog(CURRICULUM)
PATH = CoursePath.of(CATALOG)


def test_every_lesson_and_exercise_is_on_the_path_once() -> None:
    slugs = [item.slug for item in PATH.items]
    assert len(slugs) == len(set(slugs))
    assert set(slugs) == {e.slug for e in CATALOG.exercises} | {le.slug for le in CATALOG.lessons}


def test_steps_keep_their_order_and_each_starts_with_a_lesson() -> None:
    steps = [item.step for item in PATH.items]
    assert steps == sorted(steps)
    for step in CATALOG.steps:
        first = next(item for item in PATH.items if item.step == step.number)
        assert (first.kind, first.slug) == ("lesson", step.lessons[0].slug)


def test_an_exercise_comes_after_every_lesson_of_its_step_that_it_practises() -> None:
    position = {item.slug: index for index, item in enumerate(PATH.items)}
    for exercise in CATALOG.exercises:
        own = [s for s in exercise.lessons if CATALOG.require_lesson(s).step == exercise.step]
        for lesson in own:
            assert position[lesson] < position[exercise.slug], (exercise.slug, lesson)
        if own:  # right after the last of them: no other lesson in between
            last = max(position[s] for s in own)
            between = PATH.items[last + 1 : position[exercise.slug]]
            assert all(item.kind == "exercise" for item in between), exercise.slug


def test_a_newcomer_starts_with_the_first_lesson() -> None:
    first = PATH.next(Progress())
    assert first is not None
    assert first.item.url == f"/lessons/{CATALOG.steps[0].lessons[0].slug}"
    assert first.because.startswith("Start here: ")
    assert first.item.title not in first.because  # shown next to the title: never repeated
    start = PATH.first()
    assert start is not None and start.item is first.item


def test_after_the_lessons_an_exercise_needs_comes_that_exercise_and_why() -> None:
    first_exercise = next(i for i, item in enumerate(PATH.items) if item.kind == "exercise")
    read = frozenset(item.slug for item in PATH.items[:first_exercise])
    found = PATH.next(Progress(read=read))
    assert found is not None and found.item is PATH.items[first_exercise]
    lesson = PATH.items[first_exercise - 1]
    assert found.because == f"It practises what '{lesson.title}' just taught."
    # Solving it moves on to the next item, whatever it is.
    after = PATH.next(Progress(read=read, solved=frozenset({found.item.slug})))
    assert after is not None and after.item is PATH.items[first_exercise + 1]


def test_a_lesson_says_which_exercises_use_it() -> None:
    lesson = next(item for item in PATH.items if item.slug == "making-decisions")
    users = PATH.practised_after("making-decisions")
    assert len(users) > 3
    because = PATH.because(lesson)
    assert because.startswith("The exercises ") and lesson.title not in because
    assert f"'{users[0].title}'" in because and f"{len(users) - 2} more use it." in because


def test_a_new_step_says_so() -> None:
    lesson = next(item for item in PATH.items if item.step == 2)
    because = PATH.because(lesson)
    assert because.startswith("Step 2 begins here: ") and lesson.title not in because


def test_no_because_repeats_the_title_it_is_shown_with() -> None:
    for item in PATH.items:
        because = PATH.because(item)
        assert f"'{item.title}'" not in because, (item.slug, because)
        assert because.endswith(".") and because[0].isupper(), because


def test_an_exercise_says_just_taught_only_of_a_lesson_it_names() -> None:
    for index, item in enumerate(PATH.items):
        if item.exercise is None or "just taught" not in PATH.because(item):
            continue
        previous = PATH.items[index - 1]
        assert previous.kind == "lesson" and previous.slug in item.exercise.lessons


def test_after_a_page_next_moves_on_and_wraps_to_what_was_skipped() -> None:
    lessons = [item for item in PATH.items if item.kind == "lesson"]
    # Reading lesson 3 first: "next" after it is what follows lesson 3, not lesson 1 …
    third = lessons[2]
    read = frozenset(lesson.slug for lesson in lessons[:3])
    found = PATH.next(Progress(read=read), after=third.slug)
    index = PATH.items.index(third)
    assert found is not None and found.item is PATH.items[index + 1]
    # … unless that exercise needs a lesson skipped on the way: that lesson comes first.
    following = PATH.items[index + 1]
    assert following.exercise is not None
    skipped = [slug for slug in following.exercise.lessons if slug != third.slug]
    assert skipped, "the exercise after lesson 3 also uses an earlier lesson"
    found = PATH.next(Progress(read=frozenset({third.slug})), after=third.slug)
    assert found is not None and found.item.kind == "lesson" and found.item.slug in skipped
    assert found.because == f"Read this first: the next exercise, '{following.title}', uses it."
    # With everything after the last item done, it wraps to the first thing not done.
    last = PATH.items[-1]
    found = PATH.next(Progress(), after=last.slug)
    assert found is not None and found.item is PATH.items[0]


def test_solving_an_exercise_does_not_read_its_lessons_for_the_learner() -> None:
    # A learner who jumped ahead is led back through the lessons skipped, past solved work.
    exercise = CATALOG.require_exercise("is-success-status")
    progress = Progress(solved=frozenset({exercise.slug}))
    for slug in exercise.lessons:
        lesson = next(item for item in PATH.items if item.slug == slug)
        assert not PATH.done(lesson, progress)
    read = frozenset(item.slug for item in PATH.items if item.kind == "lesson")
    found = PATH.next(Progress(read=read, solved=progress.solved))
    assert found is not None and found.item.kind == "exercise"
    assert found.item.slug != exercise.slug


def test_next_after_a_solved_exercise_is_continue_and_leads_through_its_lessons() -> None:
    # The first exercise solved straight away, only lesson 1 read (a new user's report): the
    # verdict's Next (after it) and Continue are one item, a lesson it needs, and Next from
    # there walks on in order, never back to a lesson passed by.
    banner = next(item for item in PATH.items if item.kind == "exercise")
    assert banner.exercise is not None
    first = PATH.items[0]
    progress = Progress(read=frozenset({first.slug}), solved=frozenset({banner.slug}))
    found = PATH.next(progress, after=banner.slug)
    assert found is not None and found == PATH.next(progress)
    assert found.item.kind == "lesson" and found.item.slug == banner.exercise.lessons[0]
    walked, read = [found.item], set(progress.read)
    while walked[-1].kind == "lesson":
        read.add(walked[-1].slug)
        following = PATH.next(Progress(frozenset(read), progress.solved), after=walked[-1].slug)
        assert following is not None
        walked.append(following.item)
    indexes = [PATH.items.index(item) for item in walked]
    assert indexes == sorted(indexes), [item.slug for item in walked]
    assert set(banner.exercise.lessons) <= {item.slug for item in walked}


def test_a_lesson_s_reason_names_no_exercise_already_solved() -> None:
    banner = next(item for item in PATH.items if item.kind == "exercise")
    assert banner.exercise is not None
    solved = frozenset({banner.slug})
    for slug in banner.exercise.lessons:
        lesson = PATH.item(slug)
        assert lesson is not None
        assert f"'{banner.title}'" in PATH.because(lesson)  # the path alone names it …
        because = PATH.because(lesson, Progress(solved=solved))
        assert f"'{banner.title}'" not in because, because  # … not to one who solved it
        assert because.endswith(".") and lesson.title not in because


def test_all_done_means_no_next() -> None:
    done = Progress(
        read=frozenset(le.slug for le in CATALOG.lessons),
        solved=frozenset(e.slug for e in CATALOG.exercises),
    )
    assert PATH.next(done) is None
