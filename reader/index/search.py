"""Searching the index: the query language compiled to SQL, ranked, with snippets from the files."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reader.index.fulltext import match_expression
from reader.index.query import Query, parse_query
from reader.index.rows import columns, newest_first, row_to_article
from reader.load import read_body
from reader.model import Article
from reader.text import collapse_space, is_cjk

SNIPPET_CHARS = 120
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`#>|~]+|<[^>]+>")


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: the article, a plain-text snippet around the first match, and where the
    match is inside the snippet (start, end) so a view can highlight it."""

    article: Article
    snippet: str = ""
    match: tuple[int, int] | None = None

    def to_json(self, read: bool = False, starred: bool = False) -> dict[str, Any]:
        return {**self.article.to_json(read, starred), "snippet": self.snippet}


def _filters(query: Query) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    values: list[Any] = []
    for names, test, table, column in (
        (query.tags, "IN", "article_tags", "tag"),
        (query.not_tags, "NOT IN", "article_tags", "tag"),
        (query.categories, "IN", "article_categories", "name"),
        (query.not_categories, "NOT IN", "article_categories", "name"),
    ):
        for name in names:
            where.append(f"a.id {test} (SELECT article_id FROM {table} WHERE {column} = ?)")
            values.append(name)
    if query.after is not None:
        where.append("a.date_ts >= ?")
        values.append(query.after)
    if query.before is not None:
        where.append("a.date_ts < ?")
        values.append(query.before)
    draft = query.flag("draft")
    if draft is not None:
        where.append("a.draft = ?")
        values.append(int(draft))
    for word in query.not_words:
        expression = match_expression([word])
        if expression:
            where.append("a.id NOT IN (SELECT rowid FROM fulltext WHERE fulltext MATCH ?)")
            values.append(expression)
    return where, values


def search(
    db: sqlite3.Connection,
    root: str,
    text: str | Query,
    limit: int | None = 50,
    snippets: bool = True,
    keep: Callable[[Article], bool] | None = None,
) -> list[Hit]:
    """Articles matching `text` in the index `db` of the archive at `root`, best first (relevance,
    then newer); `limit` None or 0 means all. (`Index.search` is the way in.)

    `keep` filters further by what the index does not know (reading state), before the limit."""
    query = parse_query(text) if isinstance(text, str) else text
    where, values = _filters(query)
    dated = db.execute("SELECT 1 FROM articles WHERE date_ts IS NOT NULL LIMIT 1").fetchone() is not None
    order = newest_first(dated, "a.")
    selected = columns("a.")
    terms = [*query.words, *query.phrases]
    expression = match_expression(terms) if terms else None
    if terms and expression is None:
        return []  # only punctuation was asked for: nothing can match it
    if expression is not None:
        sql = (
            f"SELECT {selected} FROM fulltext JOIN articles a ON a.id = fulltext.rowid "
            f"WHERE fulltext MATCH ? {''.join(' AND ' + w for w in where)} "
            f"ORDER BY bm25(fulltext, 10.0, 5.0, 3.0, 1.0), {order}"
        )
        values.insert(0, expression)
    else:
        sql = (
            f"SELECT {selected} FROM articles a {'WHERE ' + ' AND '.join(where) if where else ''} "
            f"ORDER BY {order}"
        )
    if limit and keep is None:
        sql += " LIMIT ?"
        values.append(limit)
    articles = [row_to_article(row) for row in db.execute(sql, values)]
    if keep is not None:
        articles = [article for article in articles if keep(article)]
        articles = articles[:limit] if limit else articles
    if not snippets:
        return [Hit(article) for article in articles]
    return [_with_snippet(root, article, terms) for article in articles]


def _with_snippet(root: str, article: Article, terms: list[str]) -> Hit:
    """A window of plain text around the first term found in the body (or the summary)."""
    text = collapse_space(_MARKUP.sub(lambda m: m.group(1) or " ", read_body(root, article)))
    if not terms:
        return Hit(article, article.summary[:SNIPPET_CHARS])
    folded = text.casefold()
    best: tuple[int, int] | None = None
    for term in terms:
        needle = term.rstrip("*").casefold()
        position = _find_term(folded, needle, prefix=term.endswith("*"))
        if position != -1 and (best is None or position < best[0]):
            best = (position, position + len(needle))
    if best is None or len(folded) != len(text):
        return Hit(article, article.summary[:SNIPPET_CHARS])
    start = max(0, best[0] - SNIPPET_CHARS // 3)
    end = min(len(text), max(start + SNIPPET_CHARS, best[1]))
    prefix = "…" if start else ""
    snippet = prefix + text[start:end] + ("…" if end < len(text) else "")
    offset = len(prefix) - start
    return Hit(article, snippet, (best[0] + offset, best[1] + offset))


def _find_term(text: str, needle: str, prefix: bool = False) -> int:
    """Where `needle` occurs as the index would match it: CJK anywhere, Latin as a whole word."""
    if not needle:
        return -1
    if any(is_cjk(char) for char in needle):
        return text.find(needle)
    end = "" if prefix else r"(?!\w)"
    found = re.search(rf"(?<!\w){re.escape(needle)}{end}", text)
    return found.start() if found else -1
