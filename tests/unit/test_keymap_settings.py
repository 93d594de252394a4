"""`[keys]` in settings.toml: read entry by entry, and every binding of the app has a name a reader
can use there, listed in the settings documentation."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reader.settings import parse_settings
from reader.ui.keymap import check_keymap, every_binding, is_key, names_table, rebound

DOCS = Path(__file__).parents[2] / "docs" / "settings.md"


def test_keys_are_read_bare_dotted_quoted_or_as_lists() -> None:
    settings, problems = parse_settings(
        '[keys]\nmain.search = "ctrl+f, ?"\n"pane.find" = ["F", "ctrl+g"]\n[keys.app]\nquit = "Q"\n'
    )
    assert problems == []
    assert dict(settings.keys) == {"main.search": "ctrl+f,?", "pane.find": "F,ctrl+g", "app.quit": "Q"}


def test_a_wrong_entry_is_reported_and_the_others_kept() -> None:
    settings, problems = parse_settings('[keys]\na.b = 3\nc.d = "ctrl+ f"\ne.f = "x"\n')
    assert dict(settings.keys) == {"e.f": "x"}
    assert len(problems) == 2
    assert "keys.a.b" in problems[0]
    assert "'ctrl+ f'" in problems[1]


def test_keys_that_are_not_a_table_are_reported() -> None:
    settings, problems = parse_settings('keys = "ctrl+f"\n')
    assert dict(settings.keys) == {}
    assert "table" in problems[0]


def test_every_binding_has_a_name_and_one_name_is_one_command() -> None:
    actions: dict[str, set[str]] = {}
    for bound in every_binding():
        binding_id = bound.binding.id
        assert binding_id is not None, (bound.place, bound.binding)
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", binding_id), (bound.place, binding_id)
        actions.setdefault(binding_id, set()).add(bound.binding.action.removeprefix("app."))
    shared = {binding_id: found for binding_id, found in actions.items() if len(found) > 1}
    assert shared == {}


def test_the_settings_documentation_lists_every_name() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = text.split("<!-- keys table: python -m reader.ui.keymap -->\n")[1].split("\n<!--")[0]
    assert documented == names_table(), "regenerate it: python -m reader.ui.keymap"


def test_check_keymap_keeps_known_names_with_real_keys() -> None:
    keymap, problems = check_keymap({"main.search": "ctrl+f,f3", "main.gone": "x", "pane.find": "ctrl+nokey"})
    assert keymap == {"main.search": "ctrl+f,f3"}
    assert len(problems) == 2


@given(st.characters(categories=["L", "N", "P", "S"], exclude_characters="+,"))
def test_any_printable_character_is_a_key(character: str) -> None:
    assert is_key(character)
    assert is_key(f"ctrl+{character}")


def test_plus_and_comma_are_keys_by_their_names() -> None:
    assert is_key("+")
    assert is_key("ctrl+plus")
    assert is_key("comma")
    assert not is_key("ctrl++")


def test_rebound_replaces_every_default_key_of_a_name_once() -> None:
    bindings = [bound.binding for bound in every_binding() if bound.binding.id == "view.down"]
    keys = [binding.key for binding in rebound(bindings, {"view.down": "e,ctrl+e"})]
    assert keys == ["e", "ctrl+e"]
