"""Back / forward history (reader.history): browser semantics, bounded, gone articles skipped."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from reader.history import History, Place


def everything(_: str) -> bool:
    return True


def test_back_and_forward_walk_the_opened_articles() -> None:
    history = History()
    for path in ("a.md", "b.md", "c.md"):
        history.visit(path)
    assert history.back(everything).place == Place("b.md")
    assert history.back(everything).place == Place("a.md")
    assert history.back(everything).place is None
    assert history.forward(everything).place == Place("b.md")
    assert history.current == Place("b.md")


def test_each_place_keeps_its_scroll_position() -> None:
    history = History()
    history.visit("a.md")
    history.remember_scroll(42)
    history.visit("b.md")
    history.remember_scroll(7)
    assert history.back(everything).place == Place("a.md", 42)
    assert history.forward(everything).place == Place("b.md", 7)


def test_opening_after_going_back_drops_the_forward_part() -> None:
    history = History()
    for path in ("a.md", "b.md", "c.md"):
        history.visit(path)
    history.back(everything)
    history.back(everything)
    history.visit("d.md")
    assert [place.path for place in history.places] == ["a.md", "d.md"]
    assert history.forward(everything).place is None


def test_opening_the_current_article_again_adds_nothing() -> None:
    history = History()
    history.visit("a.md")
    history.remember_scroll(5)
    history.visit("a.md")
    assert history.places == (Place("a.md", 5),)


def test_the_history_is_bounded_oldest_first_out() -> None:
    history = History(limit=3)
    for n in range(10):
        history.visit(f"{n}.md")
    assert [place.path for place in history.places] == ["7.md", "8.md", "9.md"]
    assert history.back(everything).place == Place("8.md")


def test_articles_that_have_gone_are_skipped_and_said() -> None:
    history = History()
    for path in ("a.md", "gone.md", "also-gone.md", "d.md"):
        history.visit(path)
    alive = {"a.md", "d.md"}
    move = history.back(alive.__contains__)
    assert move.place == Place("a.md")
    assert move.skipped == ("also-gone.md", "gone.md")
    assert [place.path for place in history.places] == ["a.md", "d.md"]
    assert history.forward(alive.__contains__).place == Place("d.md")


def test_a_step_never_lands_on_the_current_article_again() -> None:
    history = History()
    for path in ("a.md", "gone.md", "a.md"):
        history.visit(path)
    move = history.back(lambda path: path != "gone.md")
    assert move.place is None
    assert move.skipped == ("gone.md",)


def test_forward_skips_gone_articles_too() -> None:
    history = History()
    for path in ("a.md", "gone.md", "c.md"):
        history.visit(path)
    history.back(everything)
    history.back(everything)
    move = history.forward(lambda path: path != "gone.md")
    assert move == move.__class__(Place("c.md"), ("gone.md",))


@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("visit"), st.sampled_from("abcdef")),
            st.tuples(st.just("back"), st.just("")),
            st.tuples(st.just("forward"), st.just("")),
        ),
        max_size=60,
    ),
    st.integers(min_value=1, max_value=8),
)
def test_any_sequence_keeps_the_current_place_inside_a_bounded_history(
    steps: list[tuple[str, str]], limit: int
) -> None:
    history = History(limit=limit)
    for verb, path in steps:
        if verb == "visit":
            again = history.current is not None and history.current.path == f"{path}.md"
            history.visit(f"{path}.md")
            assert history.current is not None
            assert history.current.path == f"{path}.md"
            assert again or not history.can_go_forward  # a new article drops the forward part
        elif verb == "back":
            history.back(everything)
        else:
            history.forward(everything)
        assert len(history.places) <= limit
        if history.places:
            assert history.current in history.places
        places = [place.path for place in history.places]
        assert all(a != b for a, b in itertools.pairwise(places))
