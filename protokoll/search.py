"""Keyword search over utterances with SQLite FTS5 (trigram tokens, BM25 ranking, snippets).

User text is never passed to FTS5 as query syntax: each term becomes a quoted FTS5 string, so
operators, quotes and SQL fragments are searched as plain text. Terms shorter than three
characters cannot use trigram tokens and are matched with LIKE instead.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

import sqlite_utils

from .errors import InputError

__all__ = ["SearchHit", "keyword_search", "parse_query"]

MAX_QUERY_CHARS = 500


@dataclass
class SearchHit:
    """One matching utterance and where to hear it."""

    utterance_id: int
    meeting_id: int
    meeting_title: str
    date: str | None
    body: str | None
    speaker: str
    start: float
    end: float
    snippet: str
    score: float

    @property
    def link(self) -> str:
        """Return the deep link query string for the web reader."""
        return f"?meeting={self.meeting_id}&t={int(self.start)}"


def parse_query(query: str) -> list[str]:
    """Return the query's terms; "quoted phrases" stay one term."""
    query = query.strip()
    if not query:
        raise InputError("the search query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise InputError(f"the search query is longer than {MAX_QUERY_CHARS} characters")
    try:
        terms = shlex.split(query)
    except ValueError:  # unbalanced quotes: search the words as they stand
        terms = query.replace('"', " ").replace("'", " ").split()
    terms = [" ".join(t.split()) for t in terms]
    return [t for t in terms if re.search(r"\w", t)]


def keyword_search(
    db: sqlite_utils.Database,
    query: str,
    speaker: str | None = None,
    body: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    public_only: bool = True,
    limit: int = 20,
) -> list[SearchHit]:
    """Return the best matching utterances, best first."""
    terms = parse_query(query)
    if not terms:
        raise InputError("the search query has no words to search for")
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    where = ["1 = 1"]
    params: list = []
    if long_terms:
        where.append("utterances_fts MATCH ?")
        params.append(" ".join('"' + t.replace('"', '""') + '"' for t in long_terms))
    for term in short_terms:
        where.append("u.text LIKE ? ESCAPE '\\'")
        params.append("%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if speaker:
        where.append("(s.name LIKE ? OR s.label = ?)")
        params += [f"%{speaker}%", speaker]
    if body:
        where.append("b.name LIKE ?")
        params.append(f"%{body}%")
    if date_from:
        where.append("m.date >= ?")
        params.append(date_from)
    if date_to:
        where.append("m.date <= ?")
        params.append(date_to)
    if public_only:
        where.append("m.public = 1 AND m.status = 'published' AND u.redacted = 0")
    if long_terms:
        source = "utterances_fts JOIN utterances u ON u.id = utterances_fts.rowid"
        snippet = "snippet(utterances_fts, 0, '[', ']', '…', 16)"
        score = "bm25(utterances_fts)"
    else:
        source = "utterances u"
        snippet = "substr(u.text, 1, 120)"
        score = "0.0"
    sql = f"""
        SELECT u.id, u.meeting_id, m.title, m.date, b.name, coalesce(s.name, s.label), u.start, u.end,
               {snippet}, {score} AS score
        FROM {source}
        JOIN meetings m ON m.id = u.meeting_id
        LEFT JOIN bodies b ON b.id = m.body_id
        LEFT JOIN speakers s ON s.id = u.speaker_id
        WHERE {" AND ".join(where)}
        ORDER BY score, m.date DESC, u.start
        LIMIT ?
    """
    params.append(int(limit))
    return [SearchHit(*row) for row in db.execute(sql, params).fetchall()]
