"""Foldable callouts: which fold, which start folded, and what `z` does with them."""

from __future__ import annotations

from reader.load.normalise import normalise
from reader.render import Folds, RenderOptions, build_article

BODY = (
    "> [!note] Plain\n> Always open.\n\n> [!faq]- Folded\n> The answer.\n\n> [!info]+ Open\n> The detail.\n"
)


def test_an_article_knows_its_foldable_and_folded_callouts() -> None:
    rendered = build_article(normalise("post.md", {}, BODY), BODY, options=RenderOptions(interactive=True))
    assert rendered.folds == Folds(foldable=frozenset({1, 2}), folded=frozenset({1}))


def test_z_opens_all_when_any_is_folded_and_folds_all_otherwise() -> None:
    folds = Folds(foldable=frozenset({1, 2}), folded=frozenset({1}))
    toggled: frozenset[int] = frozenset()
    assert folds.folded_with(toggled) == {1}
    toggled = folds.all_flipped(toggled)
    assert folds.folded_with(toggled) == set()  # the folded one opened, the open one stayed open
    toggled = folds.all_flipped(toggled)
    assert folds.folded_with(toggled) == {1, 2}  # none was folded: all fold
    toggled = folds.all_flipped(toggled)
    assert folds.folded_with(toggled) == set()


def test_z_opens_all_when_the_reader_folded_an_open_one() -> None:
    folds = Folds(foldable=frozenset({1, 2}), folded=frozenset({1}))
    clicked = frozenset({1, 2})  # the folded one opened by a click, the open one folded by a click
    assert folds.folded_with(clicked) == {2}
    assert folds.folded_with(folds.all_flipped(clicked)) == set()


def test_no_foldable_callout_means_nothing_to_fold() -> None:
    body = "> [!note] Plain\n> Always open.\n"
    assert not build_article(normalise("post.md", {}, body), body).folds
