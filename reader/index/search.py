"""Searching the index: the query language compiled to SQL, ranked, with snippets from the files."""

from __future__ import annotations

import math
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reader.index.fulltext import BARRIER, index_tokens, match_expression
from reader.index.query import Query, parse_query
from reader.index.rows import SEP, columns, newest_first, row_to_article
from reader.model import Article
from reader.text import collapse_space, find_term, first_term, is_cjk, search_form

# How much plain text a snippet holds, and how much of it comes before the match: views cut it to
# the width they have (`reader.text.fit_snippet`).
SNIPPET_CHARS = 320
SNIPPET_BEFORE = 80


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
    # A series is one of the SEP-joined names in `articles.series`: matched whole, as written.
    for names, test in ((query.series, "> 0"), (query.not_series, "= 0")):
        for name in names:
            where.append(f"instr(char(31) || coalesce(a.series, '') || char(31), ?) {test}")
            values.append(SEP + name + SEP)
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


def count(db: sqlite3.Connection, text: str | Query) -> int:
    """How many articles match `text`, counted by SQLite (no article is built): a saved search's
    count in the sidebar. Reading-state flags are not the index's to answer (`rules.count`)."""
    query = parse_query(text) if isinstance(text, str) else text
    where, values = _filters(query)
    terms = list(query.terms)
    expression = match_expression(terms) if terms else None
    if terms and expression is None:
        return 0
    if expression is not None:
        sql = "SELECT count(*) FROM fulltext JOIN articles a ON a.id = fulltext.rowid WHERE fulltext MATCH ?"
        values.insert(0, expression)
    else:
        sql = "SELECT count(*) FROM articles a WHERE 1"
    sql += "".join(" AND " + w for w in where)
    found: int = db.execute(sql, values).fetchone()[0]
    return found


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
    terms = list(query.terms)
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
    summary = article.summary[:SNIPPET_CHARS]
    if not terms:
        return Hit(article, summary)
    body = _body(root, article)
    folded = body.casefold()
    if len(folded) != len(body):
        folded = body  # casefolding changed lengths: match as written rather than misplace
    elif any(is_cjk(char) for term in terms for char in term):
        folded = search_form(body)  # Chinese in either script, where the index found it
    raw = [span for span in (find_term(folded, term) for term in terms) if span is not None]
    if not raw:
        return Hit(article, summary, first_term(summary, terms))
    text = _plain_window(body, min(raw)[0])
    best = first_term(text, terms)
    if best is None:  # the term is in the markup only (a URL, an attribute)
        return Hit(article, summary, first_term(summary, terms))
    start = max(0, best[0] - SNIPPET_BEFORE)
    if start:
        space = text.rfind(" ", start - 12, start)  # start at a word when one is near
        start = space + 1 if space != -1 else start
    end = min(len(text), max(start + SNIPPET_CHARS, best[1]))
    prefix = "…" if start else ""
    snippet = prefix + text[start:end] + ("…" if end < len(text) else "")
    offset = len(prefix) - start
    return Hit(article, snippet, (best[0] + offset, best[1] + offset))


def _body(root: str, article: Article) -> str:
    """The article's body, for a snippet: the file read and its front matter cut off, as
    `reader.load.read_body` gives it but without parsing the front matter and normalising the
    article again (the index has just done that; ~10× faster a hit), nor importing the parsers. A
    file that went bad reads as its error."""
    from reader.load import LoadError, read_text
    from reader.load.blocks import body_of
    from reader.text import describe_error, sanitise

    try:
        return body_of(read_text(os.path.join(root, article.file_path)))
    except LoadError as error:
        message = error.message
    except Exception as error:  # as `read_document` turns one into a LoadError
        message = f"could not be read: {describe_error(error)}"
    return f"*This article can no longer be read: {sanitise(message)}*"


# A link reference definition (`[name]: url "title"`), so that `[text][]` in a window resolves.
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.MULTILINE)
# A callout's marker at the start of a quote's text: `[!NOTE]`, `[!faq]-`.
_CALLOUT = re.compile(r"^\[![A-Za-z][\w-]*\][+-]?[ \t]*")
_WINDOW = 4 * SNIPPET_CHARS  # raw Markdown taken around a match: markup takes room


def _plain_window(body: str, position: int) -> str:
    """The body around `position` as one line of plain text: parsed from the start of its line,
    marks and callout markers gone, link text kept, a heading followed by " · "."""
    start = body.rfind("\n", 0, max(0, position - _WINDOW // 2)) + 1
    end = body.find("\n", position + _WINDOW)
    window = body[start : end if end != -1 else len(body)]
    definitions = "\n".join(_REFERENCE.findall(body)) if "][" in window or "]\n" in window else ""
    from reader.markdown import parse  # only when a hit needs a snippet from its body

    tokens = parse.parse(window + "\n\n" + definitions if definitions else window)
    parts: list[str] = []
    heading = False
    for token in tokens:
        if token.type == "heading_open":
            heading = True
        elif token.type == "inline":
            text = _CALLOUT.sub("", parse.inline_text(parse.children(token)))
            if text:
                parts.append(text + (" · " if heading else " "))
            heading = False
        elif token.type in ("fence", "code_block"):
            parts.append(token.content + " ")
    return collapse_space("".join(parts)).removesuffix(" ·")


# --- similar articles ------------------------------------------------------------------------

SIMILAR_TERMS = 12  # the article's most distinctive terms asked for
_CANDIDATE_TERMS = 40  # its most frequent terms, whose document counts are looked up
_MIN_LATIN = 3  # shorter Latin words say little (a CJK character is a word of its own)
_MAX_SHARE = 0.2  # a term in more than this share of the articles is not distinctive


def similar(db: sqlite3.Connection, text: str, exclude: str, limit: int = 20) -> list[tuple[Article, float]]:
    """Articles whose text is like `text` (an article's title and body), best first, with their
    BM25 score as a positive number (higher is closer); the article at `exclude` left out.

    The query is `text`'s most distinctive terms (frequent in it, rare in the archive: tf × idf,
    the document counts from FTS5's vocabulary), any of which may match; BM25 ranks the articles
    that share more and rarer of them first."""
    terms = distinctive_terms(db, text)
    if not terms:
        return []
    expression = " OR ".join(f'"{term}"' for term in terms)
    rows = db.execute(
        f"SELECT {columns('a.')}, bm25(fulltext, 10.0, 5.0, 3.0, 1.0) FROM fulltext"
        " JOIN articles a ON a.id = fulltext.rowid WHERE fulltext MATCH ?"
        " ORDER BY bm25(fulltext, 10.0, 5.0, 3.0, 1.0) LIMIT ?",
        (expression, limit + 1),
    ).fetchall()
    found = [(row_to_article(row[:-1]), -float(row[-1])) for row in rows]
    return [(article, score) for article, score in found if article.path != exclude][:limit]


def distinctive_terms(db: sqlite3.Connection, text: str, count: int = SIMILAR_TERMS) -> list[str]:
    """`text`'s `count` terms of highest tf × idf among those the index holds."""
    frequency = Counter(
        token
        for token in index_tokens(text)
        if token != BARRIER and not token.isdigit() and (len(token) >= _MIN_LATIN or is_cjk(token))
    )
    if not frequency:
        return []
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fulltext_vocab USING fts5vocab(main, 'fulltext', 'row')"
    )
    total = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] or 1
    scored: list[tuple[float, str]] = []
    for term, times in frequency.most_common(_CANDIDATE_TERMS):
        row = db.execute("SELECT doc FROM temp.fulltext_vocab WHERE term = ?", (term,)).fetchone()
        documents = row[0] if row else 0
        # In no other article it finds nothing; in many it tells little and costs the most (the
        # query's time is the postings it reads: common CJK characters made it ~70 ms at 10k).
        if 1 < documents <= total * _MAX_SHARE:
            scored.append((times * math.log(total / documents), term))
    scored.sort(reverse=True)
    return [term for _, term in scored[:count]]
