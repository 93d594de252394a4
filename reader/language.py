"""The search language in words, for people: the app's help screen, `search --help` and the man page
all show this one table, so they cannot drift apart.

It imports nothing (`broadsheet search --help` stays instant); the parser that implements the
language is `reader.index.query`.
"""

from __future__ import annotations

# What a user types, and what it finds.
SEARCH_LANGUAGE: tuple[tuple[str, str], ...] = (
    ("words", "every word must occur: Latin whole words, any case (term* for a prefix); Chinese anywhere"),
    ('"a phrase"', "the exact phrase"),
    ("-word", "leave out articles with the word"),
    ("tag:x  -tag:x", 'with / without tag x (tag:"two words")'),
    ("category:x", "in category x (also cat:x, -category:x)"),
    ("series:x  -series:x", 'part / not part of series x (series:"two words")'),
    ("after:2024-01", "dated on or after; also 2024 or 2024-01-31"),
    ("before:2025-06-30", "dated before"),
    ("is:draft  -is:draft", "drafts only / no drafts"),
    ("is:unread  is:starred", "by reading state (CLI; in the app, the sidebar's views)"),
    ("is:updated", "read, and changed since (◆ in the app's list)"),
    ("@name", "the saved search name ([searches] in settings.toml), with any other parts added"),
)

SEARCH_SUMMARY = "all parts combine; best match first"

# What the command line adds: how a query that starts with `-` gets past the option parser.
COMMAND_LINE_NOTE = (
    "A query that starts with - needs -- before it (broadsheet search -- -tag:old) or = after the "
    "option (broadsheet list --query=-is:unread)."
)
