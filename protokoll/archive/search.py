"""Search the archive by keyword (SQLite FTS5), by meaning (sentence vectors), or both (the default).

- Keyword: FTS5 with trigram tokens over an umlaut-folded copy of the text, so parts of German
  compounds match ("gebühren" finds "Müllgebühren") and so do spelling variants ("Strasse",
  "Straße"; "Muell", "Müll"). Ranked by BM25 over the most recently added matches (at most
  `KEYWORD_CANDIDATES`): FTS5's own bm25() first counts every match of every term in the whole
  archive, which costs 50 to 150 ms for common words at 1,000 hours, while the newest matches
  come straight off the index. Below that many matches the ranking is plain BM25 over all of
  them. User text never reaches FTS5 as query syntax: each term becomes a quoted FTS5 string,
  so operators, quotes and SQL are searched as text. Control characters (a NUL byte ends an
  FTS5 string early) and bytes that are not UTF-8 are refused, in the query and in the filters.
- Meaning: the query's sentence vector against every utterance's (cosine), for paraphrases
  ("Schulen renovieren" finds "Schulsanierung").
- Hybrid: reciprocal rank fusion of both lists (k = 60), the usual way to merge rankings whose
  scores are not comparable.
Access is decided here, not in a user interface: unless `public_only=False` (a clerk), only
published, public meetings and unredacted utterances are searched.
"""

from __future__ import annotations

import bisect
import json
import math
import re
import shlex
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import sqlite_utils

from protokoll.archive.visibility import PUBLIC_MEETING_SQL, PUBLIC_UTTERANCE_SQL
from protokoll.checks import MAX_ID, check_id, check_period, check_text
from protokoll.embeddings import from_blobs
from protokoll.errors import InputError, UnknownUtteranceError, ValidationError
from protokoll.minutes.procedure import is_german
from protokoll.minutes.text import fold

__all__ = [
    "SearchFilters", "SearchHit", "MeetingGroup", "search", "search_choices", "more_like_this", "group_by_meeting",
    "fold",
]  # fmt: skip

MAX_QUERY_CHARS = 500
MAX_RESULTS = 1000
KEYWORD_CANDIDATES = 1000
_BM25_K1, _BM25_B = 1.2, 0.75
RRF_K = 60
# A meaning hit below this cosine is no hit: unrelated words still have a nearest sentence. Calibrated
# in benchmarks/search_benchmark.py (relevance): the judged answers found by meaning alone score above
# it, the best sentences for nonsense and off-topic queries below.
MEANING_FLOOR = 0.18
MODES = ("hybrid", "keyword", "meaning")


@dataclass
class SearchFilters:
    """What to search in; None means no restriction."""

    body: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    speaker: str | None = None  # a speaker's or person's name, or a diarization label
    faction: str | None = None
    agenda_item_id: int | None = None
    agenda_item: str | None = None  # an agenda item's number or part of its title
    meeting_id: int | None = None
    exclude_meeting_id: int | None = None
    public_only: bool = True

    def check(self) -> None:
        """Raise a ValidationError for a filter that cannot be searched with (a bad date, text or id)."""
        check_period(self.date_from, self.date_to)
        for label in ("body", "speaker", "faction", "agenda_item"):
            check_text(getattr(self, label), f"the {label.replace('_', ' ')} filter", MAX_QUERY_CHARS)
        for label in ("agenda_item_id", "meeting_id", "exclude_meeting_id"):
            value = getattr(self, label)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_ID):
                raise ValidationError(f"the {label.replace('_', ' ')} filter {value!r} is not an id"[:120])

    def narrows_meetings(self) -> bool:
        """True when the filter picks meetings (body, dates, one meeting), not only utterances."""
        return bool(self.body or self.date_from or self.date_to or self.meeting_id is not None)

    def meetings_sql(self) -> tuple[str, list]:
        """Return a WHERE fragment over m (meetings) and b (bodies) for the meeting-level filters."""
        where, params = ["1 = 1"], []
        if self.body:
            where.append("b.name LIKE ?")
            params.append(f"%{self.body}%")
        if self.date_from:
            where.append("m.date >= ?")
            params.append(self.date_from)
        if self.date_to:
            where.append("m.date <= ?")
            params.append(self.date_to)
        if self.meeting_id is not None:
            where.append("m.id = ?")
            params.append(self.meeting_id)
        if self.public_only:
            where.append(PUBLIC_MEETING_SQL)
        return " AND ".join(where), params

    def sql(self) -> tuple[str, list]:
        """Return a WHERE fragment over u (utterances), m, b, s, p and its parameters."""
        meeting_where, params = self.meetings_sql()
        where = [meeting_where]
        if self.speaker:
            where.append("(s.name LIKE ? OR p.name LIKE ? OR s.label = ?)")
            params += [f"%{self.speaker}%", f"%{self.speaker}%", self.speaker]
        if self.faction:
            where.append("p.faction LIKE ?")
            params.append(f"%{self.faction}%")
        if self.agenda_item_id is not None:
            where.append("u.agenda_item_id = ?")
            params.append(self.agenda_item_id)
        if self.agenda_item:
            where.append("u.agenda_item_id IN (SELECT id FROM agenda_items WHERE number = ? OR title LIKE ?)")
            params += [self.agenda_item.strip(), f"%{self.agenda_item.strip()}%"]
        if self.exclude_meeting_id is not None:
            where.append("u.meeting_id != ?")
            params.append(self.exclude_meeting_id)
        if self.public_only:
            where.append(PUBLIC_UTTERANCE_SQL)
        return " AND ".join(where), params


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
    text: str
    agenda_item_id: int | None
    faction: str | None = None
    item_number: str | None = None  # the agenda item the utterance belongs to, as the agenda numbers it
    item_title: str | None = None
    score: float = 0.0
    snippet: str = ""
    matched_by: list[str] = field(default_factory=list)

    @property
    def link(self) -> str:
        """Return the deep link query string for the web reader."""
        return f"?meeting={self.meeting_id}&t={int(self.start)}"


@dataclass
class MeetingGroup:
    """The hits of one meeting, in rank order."""

    meeting_id: int
    meeting_title: str
    date: str | None
    body: str | None
    hits: list[SearchHit]


_JOINS = """
    JOIN meetings m ON m.id = u.meeting_id
    LEFT JOIN bodies b ON b.id = m.body_id
    LEFT JOIN speakers s ON s.id = u.speaker_id
    LEFT JOIN persons p ON p.id = s.person_id
    LEFT JOIN agenda_items a ON a.id = u.agenda_item_id
"""
_COLUMNS = (
    "u.id, u.meeting_id, m.title, m.date, b.name, coalesce(p.name, s.name, s.label), u.start, u.end, u.text, "
    "u.agenda_item_id, p.faction, a.number, a.title"
)


def search_choices(db: sqlite_utils.Database) -> dict[str, list[str]]:
    """What the public search can be narrowed to: the bodies of published meetings, and the names and factions
    (as the faction filter matches them) of speakers with public speech; unnamed speakers are labels of one
    meeting and are left out. Read from the speakers, not the utterances: cheap enough for every page load."""
    bodies = db.execute(
        f"SELECT DISTINCT b.name FROM meetings m JOIN bodies b ON b.id = m.body_id WHERE {PUBLIC_MEETING_SQL}"
    ).fetchall()
    rows = db.execute(
        "SELECT DISTINCT coalesce(p.name, s.name), p.faction FROM speakers s JOIN meetings m ON m.id = s.meeting_id "
        f"LEFT JOIN persons p ON p.id = s.person_id WHERE {PUBLIC_MEETING_SQL} AND EXISTS (SELECT 1 FROM utterances "
        f"u WHERE u.meeting_id = s.meeting_id AND u.speaker_id = s.id AND {PUBLIC_UTTERANCE_SQL})"
    ).fetchall()
    return {
        "bodies": sorted(name for (name,) in bodies if name),
        "speakers": sorted({name for name, _ in rows if name}),
        "factions": sorted({faction for _, faction in rows if faction}),
    }


def parse_query(query: str) -> list[str]:
    """Return the query's terms, folded; "quoted phrases" stay one term, a trailing * is dropped."""
    if not isinstance(query, str):
        raise InputError("the search query must be text")
    check_text(query, "the search query")
    query = query.strip()
    if not query:
        raise InputError("the search query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise InputError(f"the search query is longer than {MAX_QUERY_CHARS} characters")
    try:
        terms = shlex.split(query)
    except ValueError:  # unbalanced quotes: search the words as they stand
        terms = query.replace('"', " ").replace("'", " ").split()
    # Trigram matching already finds every word that contains the term, so "Rad*" is "Rad".
    terms = [fold(" ".join(t.split())).rstrip("*") for t in terms]
    return [t for t in terms if re.search(r"\w", t)]


def _keyword_ranking(db, terms: list[str], filters: SearchFilters, limit: int) -> list[tuple[int, float]]:
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    where, params = filters.sql()
    for term in short_terms:  # too short for trigrams
        where += " AND u.search_text LIKE ? ESCAPE '\\'"
        params.append("%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    if long_terms:
        match = " ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
        sql = (
            f"SELECT u.id, u.search_text FROM utterances_fts "
            f"JOIN utterances u ON u.id = utterances_fts.rowid {_JOINS} "
            f"WHERE utterances_fts MATCH ? AND {where} ORDER BY utterances_fts.rowid DESC LIMIT ?"
        )
        rows = _keyword_candidates(db, sql, match, where, params, filters)
        total = db.execute("SELECT max(id) FROM utterances").fetchone()[0] or 1
        return bm25(rows, terms, total)[:limit]
    sql = f"SELECT u.id, 0.0 FROM utterances u {_JOINS} WHERE {where} ORDER BY m.date DESC, u.start LIMIT ?"
    return [(row[0], 0.0) for row in db.execute(sql, [*params, limit]).fetchall()]


def _meeting_ranges(db, filters: SearchFilters) -> list[tuple[int, int]] | None:
    """For a filter that picks meetings, the (first, last) utterance id of each, newest first; else None.

    A meeting's utterances are written in one transaction, so their ids form one range.
    """
    if not filters.narrows_meetings():
        return None
    meeting_where, meeting_params = filters.meetings_sql()
    return db.execute(
        "SELECT min(u.id), max(u.id) FROM utterances u WHERE u.meeting_id IN (SELECT m.id FROM meetings m "
        f"LEFT JOIN bodies b ON b.id = m.body_id WHERE {meeting_where}) "
        "GROUP BY u.meeting_id ORDER BY max(u.id) DESC",
        meeting_params,
    ).fetchall()


# Matches streamed before a meeting-filtered keyword search switches to reading meeting by meeting.
_STREAMED_MATCHES = 5000


def _keyword_candidates(db, sql: str, match: str, where: str, params: list, filters: SearchFilters) -> list:
    """The newest matches that pass the filters, at most KEYWORD_CANDIDATES.

    With a meeting filter (a body over a few years, say) most matches may fail it. The index's
    matches are then streamed newest first, without joins, and kept when their id falls in a
    chosen meeting's range. That is quick for a rare term; for a common one, whose matches
    would run to tens of thousands, the index is instead read meeting by meeting through each
    meeting's id range. Only the kept matches are checked against the remaining filters.
    """
    ranges = _meeting_ranges(db, filters)
    if ranges is None:
        return db.execute(sql, [match, *params, KEYWORD_CANDIDATES]).fetchall()
    ordered = sorted(ranges)
    lows = [low for low, _ in ordered]
    picked: list[int] = []
    streamed = 0
    for (rowid,) in db.execute("SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH ? ORDER BY rowid DESC",
                               [match]):  # fmt: skip
        streamed += 1
        index = bisect.bisect_right(lows, rowid) - 1
        if index >= 0 and rowid <= ordered[index][1]:
            picked.append(rowid)
            if len(picked) >= 2 * KEYWORD_CANDIDATES:  # room for those the other filters drop
                break
        if streamed >= _STREAMED_MATCHES:
            picked = []
            ranged = (
                "SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH ? AND rowid BETWEEN ? AND ? "
                "ORDER BY rowid DESC LIMIT ?"
            )
            for low, high in ranges:  # newest meeting first
                wanted = 2 * KEYWORD_CANDIDATES - len(picked)
                picked += [row[0] for row in db.execute(ranged, [match, low, high, wanted])]
                if len(picked) >= 2 * KEYWORD_CANDIDATES:
                    break
            break
    return db.execute(
        f"SELECT u.id, u.search_text FROM utterances u {_JOINS} WHERE u.id IN (SELECT value FROM json_each(?)) "
        f"AND {where} ORDER BY u.id DESC LIMIT ?",
        [json.dumps(picked), *params, KEYWORD_CANDIDATES],
    ).fetchall()


def bm25(rows: list[tuple[int, str]], terms: list[str], total: int) -> list[tuple[int, float]]:
    """Okapi BM25 of (id, folded text) rows for the terms, best first.

    A term's frequency in a row is how often it occurs as a substring (what the trigram index
    matched), document frequencies come from the rows themselves, and `total` is the archive's
    size for the IDF.
    """
    if not rows:
        return []
    lengths = [max(len(text.split()), 1) for _, text in rows]
    average = sum(lengths) / len(lengths)
    counts = [[text.count(term) for term in terms] for _, text in rows]
    idf = []
    for index in range(len(terms)):
        df = sum(1 for c in counts if c[index])
        idf.append(math.log((total - df + 0.5) / (df + 0.5) + 1.0))
    scored = []
    for (row_id, _), length, row_counts in zip(rows, lengths, counts, strict=True):
        norm = _BM25_K1 * (1 - _BM25_B + _BM25_B * length / average)
        score = sum(w * tf * (_BM25_K1 + 1) / (tf + norm) for w, tf in zip(idf, row_counts, strict=True) if tf)
        scored.append((row_id, score))
    scored.sort(key=lambda item: (-item[1], -item[0]))
    return scored


class _VectorCache:
    """The archive's utterance vectors as one matrix per database, reloaded when they change."""

    def __init__(self, max_databases: int = 4):
        self._entries: OrderedDict[str, tuple[int, np.ndarray, np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_databases

    def get(self, db: sqlite_utils.Database) -> tuple[np.ndarray, np.ndarray]:
        key = str(db.execute("PRAGMA database_list").fetchone()[2]) or f"memory:{id(db)}"
        generation = db.execute("SELECT generation FROM index_state WHERE name = 'vectors'").fetchone()[0]
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != generation:
                rows = db.execute("SELECT utterance_id, vector FROM utterance_vectors ORDER BY utterance_id").fetchall()
                ids = np.array([r[0] for r in rows], dtype=np.int64)
                entry = (generation, ids, from_blobs([r[1] for r in rows]))
                self._entries[key] = entry
                while len(self._entries) > self._max:
                    self._entries.popitem(last=False)
            self._entries.move_to_end(key)
            return entry[1], entry[2]


_vectors = _VectorCache()


def _meaning_ranking(db, vector: np.ndarray, filters: SearchFilters, limit: int) -> list[tuple[int, float]]:
    ids, matrix = _vectors.get(db)
    ranges = _meeting_ranges(db, filters)
    if ranges is not None:  # score only the chosen meetings' rows (ids are sorted)
        rows = [np.arange(np.searchsorted(ids, low), np.searchsorted(ids, high, side="right")) for low, high in ranges]
        rows = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        ids, matrix = ids[rows], matrix[rows]
    if len(ids) == 0:
        return []
    scores = matrix @ vector
    where, params = filters.sql()
    wanted = limit
    while True:
        # Filters are applied in SQL to the best candidates; widen until enough survive.
        top = min(len(ids), max(wanted * 4, 200))
        best = np.argpartition(-scores, top - 1)[:top] if top < len(ids) else np.arange(len(ids))
        best = best[np.argsort(-scores[best])]
        candidate_ids = [int(i) for i in ids[best]]
        allowed = {
            row[0]
            for row in db.execute(
                f"SELECT u.id FROM utterances u {_JOINS} WHERE u.id IN (SELECT value FROM json_each(?)) AND {where}",
                [json.dumps(candidate_ids), *params],
            )
        }
        ranked = [(i, float(scores[b])) for i, b in zip(candidate_ids, best, strict=True) if i in allowed]
        if len(ranked) >= limit or top >= len(ids) or scores[best[-1]] < MEANING_FLOOR:
            return [(i, score) for i, score in ranked[:limit] if score >= MEANING_FLOOR]
        wanted *= 8


def _hits(db, ranking: list[tuple[int, float]], terms: list[str], sources: dict[int, list[str]]) -> list[SearchHit]:
    if not ranking:
        return []
    rows = {
        row[0]: row
        for row in db.execute(
            f"SELECT {_COLUMNS} FROM utterances u {_JOINS} WHERE u.id IN (SELECT value FROM json_each(?))",
            [json.dumps([i for i, _ in ranking])],
        )
    }
    hits = []
    for utterance_id, score in ranking:
        row = rows.get(utterance_id)
        if row is None:
            continue
        hit = SearchHit(*row, score=round(score, 6), matched_by=sources.get(utterance_id, []))
        hit.snippet = highlight(hit.text, terms)
        hits.append(hit)
    return hits


def highlight(text: str, terms: list[str], width: int = 24) -> str:
    """Return up to `width` words of text around the first match, matches in [brackets]."""
    words = text.split()
    needles = [w for term in terms for w in term.split() if w]
    marked = [any(n in fold(word) for n in needles) for word in words]
    first = marked.index(True) if True in marked else 0
    start = max(0, min(first - width // 3, len(words) - width))
    window = [
        f"[{w}]" if m else w for w, m in zip(words[start : start + width], marked[start : start + width], strict=True)
    ]
    return ("… " if start > 0 else "") + " ".join(window) + (" …" if start + width < len(words) else "")


def search(
    db: sqlite_utils.Database,
    query: str,
    filters: SearchFilters | None = None,
    mode: str = "hybrid",
    limit: int = 20,
    embedder=None,
) -> list[SearchHit]:
    """Return the best matching utterances, best first.

    `embedder` is a loaded TextEmbedder; meaning and hybrid search need it (keyword search does not).
    """
    if mode not in MODES:
        raise InputError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
    _check_limit(limit)
    filters = filters or SearchFilters()
    filters.check()
    terms = parse_query(query)
    if not terms:
        raise InputError("the search query has no words to search for")
    candidates = max(limit * 5, 50)
    keyword = _keyword_ranking(db, terms, filters, candidates) if mode in ("hybrid", "keyword") else []
    meaning = []
    if mode in ("hybrid", "meaning"):
        if embedder is None:
            raise InputError("meaning search needs the sentence embedder")
        # Lazily: the keyword list is there in hybrid mode; in meaning mode only a nonsense-looking query needs it.
        if _has_meaning(query) or keyword or (mode == "meaning" and _keyword_ranking(db, terms, filters, 1)):
            meaning = _meaning_ranking(db, embedder.encode([query])[0], filters, candidates)
    sources: dict[int, list[str]] = {}
    for name, ranking in (("keyword", keyword), ("meaning", meaning)):
        for utterance_id, _ in ranking:
            sources.setdefault(utterance_id, []).append(name)
    if mode == "keyword":
        ranking = keyword[:limit]
    elif mode == "meaning":
        ranking = meaning[:limit]
    else:
        fused: dict[int, float] = {}
        for ranked in (keyword, meaning):
            for rank, (utterance_id, _) in enumerate(ranked, start=1):
                fused[utterance_id] = fused.get(utterance_id, 0.0) + 1.0 / (RRF_K + rank)
        ranking = sorted(fused.items(), key=lambda item: -item[1])[:limit]
    return _hits(db, ranking, terms, sources)


def _has_meaning(query: str) -> bool:
    """Whether a query the archive has no word of can still mean something: a German word in it. The
    sentence encoder gives every string a vector, a nonsense word ("xyzzyq") too, and it lands near
    some sentence; a query without a single known word has no meaning to look for."""
    return any(is_german(word) for word in re.findall(r"\w{2,}", query.lower()))


def more_like_this(
    db: sqlite_utils.Database, utterance_id: int, filters: SearchFilters | None = None, limit: int = 10
) -> list[SearchHit]:
    """Return statements on the same topic as one utterance, from other meetings."""
    check_id(utterance_id, UnknownUtteranceError, "utterance")
    _check_limit(limit)
    filters = filters or SearchFilters()
    filters.check()
    row = db.execute(
        "SELECT u.meeting_id, v.vector FROM utterances u LEFT JOIN utterance_vectors v ON v.utterance_id = u.id "
        "WHERE u.id = ?",
        [utterance_id],
    ).fetchone()
    if row is None:
        raise UnknownUtteranceError(f"there is no utterance with id {utterance_id}")
    if row[1] is None:
        raise InputError(f"utterance {utterance_id} has no vector yet: run `protokoll reindex`")
    if filters.meeting_id is None:
        filters.exclude_meeting_id = row[0]
    ranking = [r for r in _meaning_ranking(db, from_blobs([row[1]])[0], filters, limit + 1) if r[0] != utterance_id]
    return _hits(db, ranking[:limit], [], {i: ["meaning"] for i, _ in ranking})


def _check_limit(limit) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_RESULTS:
        raise ValidationError(f"the number of results must be from 1 to {MAX_RESULTS}, not {limit!r}"[:120])


def group_by_meeting(hits: list[SearchHit]) -> list[MeetingGroup]:
    """Return hits grouped by meeting; groups in the order of their best hit."""
    groups: dict[int, MeetingGroup] = {}
    for hit in hits:
        group = groups.get(hit.meeting_id)
        if group is None:
            group = groups[hit.meeting_id] = MeetingGroup(hit.meeting_id, hit.meeting_title, hit.date, hit.body, [])
        group.hits.append(hit)
    return list(groups.values())
