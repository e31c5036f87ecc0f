"""The archive's schema: numbered migrations, opening a database, the clock and the audit log.

The schema version is SQLite's `user_version`; each migration runs in its own transaction and
bumps it. Every change a person or the pipeline makes is written to `audit` by `record_audit`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlite_utils

from protokoll.errors import DatabaseError

__all__ = [
    "open_database", "write_transaction", "migrate", "MIGRATIONS", "FOLD_SQL", "now", "record_audit", "audit_entries",
    "require_meeting",
]  # fmt: skip


def now() -> str:
    """Return the current UTC time as an ISO string (seconds)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# Tables whose audited rows belong to a meeting through their `meeting_id`.
_MEETING_PARTS_AUDITED = ("utterances", "speakers", "votes", "speaker_suggestions")


def audit_entries(db, meeting_id: int | None = None, limit: int = 100) -> list[dict]:
    """The newest audit entries first: all, or those about one meeting and its parts."""
    if meeting_id is None:
        return list(db.query("SELECT * FROM audit ORDER BY id DESC LIMIT ?", [limit]))
    parts = " OR ".join(
        f"(table_name = '{t}' AND row_id IN (SELECT id FROM {t} WHERE meeting_id = :m))" for t in _MEETING_PARTS_AUDITED
    )
    return list(db.query(f"SELECT * FROM audit WHERE (table_name = 'meetings' AND row_id = :m) OR {parts} "
                         "ORDER BY id DESC LIMIT :limit", {"m": meeting_id, "limit": limit}))  # fmt: skip


def record_audit(db, actor: str, action: str, table: str, row_id: int | None, before, after) -> None:
    """Write one entry of who changed what, when."""
    db["audit"].insert(
        {
            "at": now(),
            "actor": actor,
            "action": action,
            "table_name": table,
            "row_id": row_id,
            "before": before,
            "after": after,
        }
    )


def require_meeting(db: sqlite_utils.Database, meeting_id: int) -> None:
    """Raise UnknownMeetingError unless the meeting exists."""
    from protokoll.errors import UnknownMeetingError

    if db.execute("SELECT 1 FROM meetings WHERE id = ?", [meeting_id]).fetchone() is None:
        raise UnknownMeetingError(f"there is no meeting with id {meeting_id}")


def _migration_1(db: sqlite_utils.Database) -> None:
    """Bodies, meetings, recordings, persons, speakers, utterances, audit, jobs; FTS over utterances."""
    db["bodies"].create({"id": int, "name": str}, pk="id", not_null={"name"})
    db["bodies"].create_index(["name"], unique=True)
    db["meetings"].create(
        {
            "id": int,
            "body_id": int,
            "title": str,
            "date": str,
            "place": str,
            "language": str,
            "public": int,
            "status": str,  # draft -> approved -> published (or withdrawn)
            "duration": float,
            "transcription_model": str,
            "diarization_method": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("body_id", "bodies", "id")],
        not_null={"title", "status"},
        defaults={"public": 1, "status": "draft"},
    )
    db["recordings"].create(
        {"id": int, "meeting_id": int, "path": str, "sha256": str, "duration": float, "container": str},
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id")],
        not_null={"sha256"},
    )
    db["recordings"].create_index(["sha256"], unique=True)
    db["persons"].create(
        {"id": int, "name": str, "faction": str, "role": str, "oparl_id": str}, pk="id", not_null={"name"}
    )
    db["speakers"].create(
        {"id": int, "meeting_id": int, "label": str, "name": str, "person_id": int, "embedding": str},
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id"), ("person_id", "persons", "id")],
        not_null={"label"},
    )
    db["speakers"].create_index(["meeting_id", "label"], unique=True)
    db["utterances"].create(
        {
            "id": int,
            "meeting_id": int,
            "speaker_id": int,
            "position": int,
            "start": float,
            "end": float,
            "text": str,
            "words": str,  # JSON list of [text, start, end, probability]
            "agenda_item_id": int,
            "redacted": int,
        },
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id"), ("speaker_id", "speakers", "id")],
        defaults={"redacted": 0},
    )
    db["utterances"].create_index(["meeting_id", "start"])
    _create_logs(db)
    # Trigram tokens find parts of German compounds ("gebühren" in "Müllgebühren");
    # the triggers keep the index in step with every insert, update and delete.
    db["utterances"].enable_fts(["text"], tokenize="trigram", create_triggers=True)


def _create_logs(db: sqlite_utils.Database) -> None:
    """The audit log and the job ledger."""
    db["audit"].create(
        {
            "id": int,
            "at": str,
            "actor": str,
            "action": str,
            "table_name": str,
            "row_id": int,
            "before": str,
            "after": str,
        },
        pk="id",
    )
    db["jobs"].create(
        {
            "id": int,
            "meeting_id": int,
            "source": str,
            "stage": str,
            "progress": float,
            "status": str,
            "error": str,
            "updated_at": str,
        },
        pk="id",
    )


# SQLite's lower() folds only ASCII; this folds German umlauts and ß the way search queries are
# folded (search.fold), so "Strasse" finds "Straße" and "Muellgebuehren" finds "Müllgebühren".
FOLD_SQL = (
    "lower("
    + "".join("replace(" for _ in range(7))
    + "text"
    + "".join(
        f", '{a}', '{b}')"
        for a, b in [("Ä", "ae"), ("ä", "ae"), ("Ö", "oe"), ("ö", "oe"), ("Ü", "ue"), ("ü", "ue"), ("ß", "ss")]
    )
    + ")"
)


def _migration_2(db: sqlite_utils.Database) -> None:
    """Umlaut-folded full-text index; a vector per utterance for meaning search; faction lookups."""
    db["utterances"].disable_fts()
    db.execute(f"ALTER TABLE utterances ADD COLUMN search_text TEXT GENERATED ALWAYS AS ({FOLD_SQL}) VIRTUAL")
    db["utterances"].enable_fts(["search_text"], tokenize="trigram", create_triggers=True)
    db.execute(
        "CREATE TABLE utterance_vectors (utterance_id INTEGER PRIMARY KEY REFERENCES utterances(id) ON DELETE CASCADE,"
        " model TEXT NOT NULL, vector BLOB NOT NULL)"
    )
    # Any change to the vectors bumps a generation counter, so cached matrices know they are stale.
    db.execute("CREATE TABLE index_state (name TEXT PRIMARY KEY, generation INTEGER NOT NULL)")
    db.execute("INSERT INTO index_state VALUES ('vectors', 0)")
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER utterance_vectors_{event.lower()} AFTER {event} ON utterance_vectors BEGIN "
            "UPDATE index_state SET generation = generation + 1 WHERE name = 'vectors'; END"
        )
    db["speakers"].create_index(["person_id"])
    db["meetings"].create_index(["date"])


def _migration_3(db: sqlite_utils.Database) -> None:
    """Agenda items, motions, votes and summaries; the agenda the clerk gave is kept with the meeting."""
    db.execute("ALTER TABLE meetings ADD COLUMN agenda TEXT")
    db["agenda_items"].create(
        {
            "id": int,
            "meeting_id": int,
            "position": int,
            "number": str,
            "title": str,
            "public": int,
            "oparl_id": str,
            "source": str,  # agenda (given by the clerk) or cue (found in the session only)
            "start": float,  # None: on the agenda but not dealt with
            "end": float,
            "cue_utterance_id": int,
            "cue_text": str,
        },
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id")],
        not_null={"meeting_id", "number", "title"},
        defaults={"public": 1},
    )
    db["agenda_items"].create_index(["meeting_id", "position"])
    db["motions"].create(
        {"id": int, "meeting_id": int, "agenda_item_id": int, "kind": str, "proposer": str, "utterance_id": int},
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id"), ("agenda_item_id", "agenda_items", "id")],
        not_null={"meeting_id", "kind"},
    )
    db["votes"].create(
        {
            "id": int,
            "meeting_id": int,
            "motion_id": int,
            "agenda_item_id": int,
            "result": str,
            "yes": int,
            "no": int,
            "abstain": int,
            "unanimous": int,
            "majority": str,
            "utterance_id": int,
            "start": float,
            "evidence": str,
        },
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id"), ("motion_id", "motions", "id")],
        not_null={"meeting_id", "result"},
    )
    db["votes"].create_index(["meeting_id"])
    db["summaries"].create(
        {
            "id": int,
            "meeting_id": int,
            "agenda_item_id": int,  # None: the whole session
            "kind": str,  # results | key_statements | plain
            "language": str,
            "text": str,
            "sources": str,  # JSON list of utterance ids
            "method": str,  # template | extractive | generator
            "model": str,
            "checks": str,  # JSON: readability, fact check, generator verdict
            "status": str,  # draft until a clerk approves
            "created_at": str,
            "approved_by": str,
            "approved_at": str,
        },
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id"), ("agenda_item_id", "agenda_items", "id")],
        not_null={"meeting_id", "kind", "language", "text", "status"},
        defaults={"status": "draft"},
    )
    db["summaries"].create_index(["meeting_id", "kind", "language"])


def _migration_4(db: sqlite_utils.Database) -> None:
    """Clerk accounts for the web workspace (scrypt password hashes)."""
    db["clerks"].create({"username": str, "password_hash": str, "created_at": str}, pk="username")


def _migration_5(db: sqlite_utils.Database) -> None:
    """Machine translations of utterances (Whisper's translate task)."""
    db.execute(
        "CREATE TABLE translations (utterance_id INTEGER NOT NULL REFERENCES utterances(id) ON DELETE CASCADE, "
        "language TEXT NOT NULL, text TEXT NOT NULL, model TEXT, PRIMARY KEY (utterance_id, language))"
    )


def _migration_6(db: sqlite_utils.Database) -> None:
    """The job ledger knows which process runs a job, so a job whose process died can be told apart."""
    db.execute("ALTER TABLE jobs ADD COLUMN host TEXT")
    db.execute("ALTER TABLE jobs ADD COLUMN pid INTEGER")
    db["jobs"].create_index(["status"])


def _migration_7(db: sqlite_utils.Database) -> None:
    """A result stated by faction keeps the groups of each side (JSON lists)."""
    for column in ("yes_groups", "no_groups", "abstain_groups"):
        db.execute(f"ALTER TABLE votes ADD COLUMN {column} TEXT")


def _migration_8(db: sqlite_utils.Database) -> None:
    """A vote keeps the resolution's wording; a clerk's decision on an unclear result outlives re-runs; an
    agenda item never called before a later one is told apart from one not dealt with."""
    db.execute("ALTER TABLE votes ADD COLUMN resolution TEXT")
    db.execute("ALTER TABLE votes ADD COLUMN decided_by TEXT")
    db.execute("ALTER TABLE agenda_items ADD COLUMN unrecognised INTEGER NOT NULL DEFAULT 0")
    # Keyed by where the result was stated, since votes are extracted anew whenever the minutes re-run.
    db.execute(
        "CREATE TABLE vote_decisions (meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE, "
        "utterance_id INTEGER NOT NULL, evidence TEXT NOT NULL, result TEXT NOT NULL, decided_by TEXT NOT NULL, "
        "decided_at TEXT NOT NULL, PRIMARY KEY (utterance_id, evidence))"
    )


def _migration_9(db: sqlite_utils.Database) -> None:
    """Who is speaking: persons' name parts, groups (factions, parties, the administration) and dated
    memberships per body; the voice register (off per body until enabled); name suggestions."""
    for column in ("given_name", "family_name", "title", "form_of_address"):
        db.execute(f"ALTER TABLE persons ADD COLUMN {column} TEXT")
    db["persons"].create_index(["oparl_id"])
    db["organizations"].create(
        {"id": int, "name": str, "short_name": str, "kind": str, "oparl_id": str},
        pk="id",
        not_null={"name", "kind"},
    )
    db["organizations"].create_index(["name"], unique=True)
    db.execute(
        "CREATE TABLE memberships (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES persons(id) "
        "ON DELETE CASCADE, body_id INTEGER NOT NULL REFERENCES bodies(id), "
        "organization_id INTEGER REFERENCES organizations(id), "
        "role TEXT, start_date TEXT, end_date TEXT, oparl_id TEXT)"
    )
    db["memberships"].create_index(["body_id"])
    db["memberships"].create_index(["person_id"])
    # Voice prints are biometric data: kept only for bodies whose operator enabled the register.
    db.execute("ALTER TABLE bodies ADD COLUMN voice_register INTEGER NOT NULL DEFAULT 0")
    db.execute(
        "CREATE TABLE voice_prints (id INTEGER PRIMARY KEY, person_id INTEGER NOT NULL REFERENCES persons(id) "
        "ON DELETE CASCADE, body_id INTEGER NOT NULL REFERENCES bodies(id), meeting_id INTEGER REFERENCES "
        "meetings(id) ON DELETE SET NULL, model TEXT NOT NULL, vector BLOB NOT NULL, seconds REAL, "
        "created_by TEXT NOT NULL, created_at TEXT NOT NULL)"
    )
    db["voice_prints"].create_index(["body_id", "person_id"])
    # How a speaker got its name: clerk, import, or voice (recognised by the register, with its score).
    db.execute("ALTER TABLE speakers ADD COLUMN name_source TEXT")
    db.execute("ALTER TABLE speakers ADD COLUMN voice_score REAL")
    # Share of a label's speech that sounds like its dominant voice: low where diarization merged two.
    db.execute("ALTER TABLE speakers ADD COLUMN voice_consistency REAL")
    # Seconds the label speaks by diarization (words may be missing where recognition failed).
    db.execute("ALTER TABLE speakers ADD COLUMN speech_seconds REAL")
    db.execute(
        "CREATE TABLE speaker_suggestions (id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES "
        "meetings(id) ON DELETE CASCADE, speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE, "
        "person_id INTEGER REFERENCES persons(id) ON DELETE CASCADE, name TEXT NOT NULL, source TEXT NOT NULL, "
        "score REAL, evidence TEXT, utterance_id INTEGER, start REAL, status TEXT NOT NULL DEFAULT 'open', "
        "decided_by TEXT, decided_at TEXT)"
    )
    db["speaker_suggestions"].create_index(["meeting_id"])


def _migration_10(db: sqlite_utils.Database) -> None:
    """Plain-language summaries keep each sentence with its part (about, said, decided, next) and the
    utterance and time it rests on, so the reader links every sentence to its moment; unnamed speaker
    labels keep their role."""
    db.execute("ALTER TABLE summaries ADD COLUMN sentences TEXT")
    # The role of a label nobody is named for ("Präsident/in (Sitzungsleitung)", "Niederschrift"), from an
    # imported transcript: the plain texts tell the chair and the written record from the members by it.
    db.execute("ALTER TABLE speakers ADD COLUMN role TEXT")


def _migration_11(db: sqlite_utils.Database) -> None:
    """The clerk's non-public ranges as ranges: the public audio is silenced over exactly these, whatever
    recognition heard in them."""
    db.execute(
        "CREATE TABLE non_public_ranges (id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meetings(id) "
        "ON DELETE CASCADE, start REAL NOT NULL, end REAL NOT NULL, marked_by TEXT, marked_at TEXT)"
    )
    db["non_public_ranges"].create_index(["meeting_id"])
    # Ranges marked before: the spans of the utterances they hid.
    db.execute(
        "INSERT INTO non_public_ranges (meeting_id, start, end, marked_by) "
        "SELECT meeting_id, start, end, 'migration' FROM utterances WHERE redacted = 1"
    )


def _migration_12(db: sqlite_utils.Database) -> None:
    """Clerks' logins as server-side sessions: only a hash of the browser's token is kept, so a copy of
    the database opens no session; a session ends at its expiry, after idling, or at logout."""
    db.execute(
        "CREATE TABLE clerk_sessions (token_hash TEXT PRIMARY KEY, username TEXT NOT NULL REFERENCES clerks(username) "
        "ON DELETE CASCADE, created_at TEXT NOT NULL, last_seen REAL NOT NULL, expires REAL NOT NULL)"
    )


def _migration_13(db: sqlite_utils.Database) -> None:
    """What a finished job must still say (a recording that decoded shorter than it declares)."""
    db.execute("ALTER TABLE jobs ADD COLUMN warning TEXT")


# The clock of the SQL triggers below, in the same form as `now()`.
_SQL_NOW = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')"
# What a meeting's `modified` answers for open-data clients: any change to what it shows.
_MEETING_PARTS = ("utterances", "speakers", "agenda_items", "votes", "summaries", "non_public_ranges")


def _migration_14(db: sqlite_utils.Database) -> None:
    """Open data: when each meeting, body, person, organization and membership was created and last
    modified (OParl's `created` and `modified`, kept by triggers so no write path can forget them), and
    the OParl ids of meetings and bodies imported from a council information system; when a session
    began, where known."""
    db.execute("ALTER TABLE meetings ADD COLUMN modified_at TEXT")
    # When the recorded session began (ISO date-time with offset), where known: agenda items' clock times.
    db.execute("ALTER TABLE meetings ADD COLUMN starts_at TEXT")
    db.execute("UPDATE meetings SET created_at = coalesce(created_at, ?), modified_at = coalesce(created_at, ?)",
               [now(), now()])  # fmt: skip
    for table in ("meetings", "bodies"):
        if "oparl_id" not in db[table].columns_dict:
            db.execute(f"ALTER TABLE {table} ADD COLUMN oparl_id TEXT")
        db[table].create_index(["oparl_id"])
    for table in ("bodies", "persons", "organizations", "memberships"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN created_at TEXT")
        db.execute(f"ALTER TABLE {table} ADD COLUMN modified_at TEXT")
        db.execute(f"UPDATE {table} SET created_at = ?, modified_at = ?", [now(), now()])
    for table in ("meetings", "bodies", "persons", "organizations", "memberships"):
        db.execute(
            f"CREATE TRIGGER {table}_created AFTER INSERT ON {table} BEGIN UPDATE {table} SET "
            f"created_at = coalesce(NEW.created_at, {_SQL_NOW}), modified_at = {_SQL_NOW} WHERE id = NEW.id; END"
        )
        columns = [c for c in db[table].columns_dict if c not in ("id", "created_at", "modified_at", "voice_register")]
        db.execute(
            f"CREATE TRIGGER {table}_modified AFTER UPDATE OF {', '.join(columns)} ON {table} "
            f"BEGIN UPDATE {table} SET modified_at = {_SQL_NOW} WHERE id = NEW.id; END"
        )
    for table in _MEETING_PARTS:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            db.execute(
                f"CREATE TRIGGER {table}_{event.lower()}_touches_meeting AFTER {event} ON {table} "
                f"BEGIN UPDATE meetings SET modified_at = {_SQL_NOW} WHERE id = {row}.meeting_id; END"
            )


def _migration_15(db: sqlite_utils.Database) -> None:
    """A council information system's catalogue (OParl import): every object read, as it was read, with a hash
    of its content, so that a later import tells objects that changed from ones a vendor merely re-stamped;
    when each OParl body was last read (the next import asks only for what changed since); the participants
    an OParl meeting expected for a recorded meeting. The catalogue's meetings are not recordings: they
    stay out of `meetings` and so out of every reader and list."""
    db.execute(
        "CREATE TABLE oparl_objects (oparl_id TEXT PRIMARY KEY, type TEXT NOT NULL, body TEXT, parent TEXT, "
        "content TEXT NOT NULL, content_hash TEXT NOT NULL, modified TEXT, "
        "deleted INTEGER NOT NULL DEFAULT 0, first_seen_at TEXT NOT NULL, changed_at TEXT NOT NULL, "
        "seen_at TEXT NOT NULL)"
    )
    db["oparl_objects"].create_index(["type", "body"])
    db["oparl_objects"].create_index(["parent"])
    db.execute(
        "CREATE TABLE oparl_bodies (oparl_id TEXT PRIMARY KEY, body_id INTEGER NOT NULL REFERENCES bodies(id), "
        "system TEXT NOT NULL, oparl_version TEXT, last_import_started TEXT NOT NULL, last_import_finished TEXT)"
    )
    db.execute(
        "CREATE TABLE meeting_participants (meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE, "
        "oparl_id TEXT NOT NULL, person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL, name TEXT, "
        "PRIMARY KEY (meeting_id, oparl_id))"
    )
    # The catalogue's meetings and agenda items in columns, with the archive's body the OParl body is imported
    # into; a meeting's `meeting_id` is the recording linked to it, if any.
    body_id = "(SELECT ob.body_id FROM oparl_bodies ob WHERE ob.oparl_id = o.body) AS body_id"
    db.execute(
        f"CREATE VIEW oparl_meetings AS SELECT o.oparl_id, {body_id}, json_extract(o.content, '$.name') AS name, "
        "json_extract(o.content, '$.start') AS start, json_extract(o.content, '$.end') AS \"end\", "
        "json_extract(o.content, '$.meetingState') AS state, json_extract(o.content, '$.cancelled') AS cancelled, "
        "json_extract(o.content, '$.organization') AS organizations, "
        "json_extract(o.content, '$.participant') AS participants, o.modified, o.changed_at, "
        "(SELECT min(m.id) FROM meetings m WHERE m.oparl_id = o.oparl_id) AS meeting_id "
        "FROM oparl_objects o WHERE o.type = 'Meeting' AND NOT o.deleted"
    )
    db.execute(
        f"CREATE VIEW oparl_agenda_items AS SELECT o.oparl_id, o.parent AS meeting, {body_id}, "
        "json_extract(o.content, '$.number') AS number, json_extract(o.content, '$.order') AS \"order\", "
        "json_extract(o.content, '$.name') AS name, coalesce(json_extract(o.content, '$.public'), 1) AS public, "
        "json_extract(o.content, '$.result') AS result, "
        "coalesce(json_extract(o.content, '$.resolutionText'), json_extract(o.content, '$.resolution')) AS resolution, "
        "o.modified, o.changed_at FROM oparl_objects o WHERE o.type = 'AgendaItem' AND NOT o.deleted"
    )


def _migration_16(db: sqlite_utils.Database) -> None:
    """Jobs that survive their worker: the recording and request a worker needs to take a job up, its
    lease and attempts, and checkpoints of finished stages (each transcribed block, the diarization)."""
    for column in ("recording TEXT", "request TEXT", "attempts INTEGER NOT NULL DEFAULT 0", "worker TEXT",
                   "lease_until TEXT", "created_at TEXT", "started_at TEXT"):  # fmt: skip
        db.execute(f"ALTER TABLE jobs ADD COLUMN {column}")
    db.execute(
        "CREATE TABLE job_checkpoints (job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE, "
        "name TEXT NOT NULL, content TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (job_id, name))"
    )
    # Jobs of older versions were failed when their process ended; those still open cannot resume.
    db.execute("UPDATE jobs SET status = 'failed', error = 'interrupted' WHERE status = 'running'")


def _migration_17(db: sqlite_utils.Database) -> None:
    """Merges of speakers that a clerk can undo: what the merge removed (the label's row and suggestions, as
    JSON) and which utterances moved."""
    db.execute(
        "CREATE TABLE speaker_merges (id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL REFERENCES meetings(id) "
        "ON DELETE CASCADE, into_id INTEGER NOT NULL, speaker TEXT NOT NULL, suggestions TEXT NOT NULL, "
        "utterance_ids TEXT NOT NULL, merged_by TEXT NOT NULL, merged_at TEXT NOT NULL)"
    )
    db["speaker_merges"].create_index(["meeting_id"])


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
    _migration_6,
    _migration_7,
    _migration_8,
    _migration_9,
    _migration_10,
    _migration_11,
    _migration_12,
    _migration_13,
    _migration_14,
    _migration_15,
    _migration_16,
    _migration_17,
]


def migrate(db: sqlite_utils.Database) -> int:
    """Apply the migrations the database lacks; return its schema version."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise DatabaseError(
            f"the database has schema version {version}, newer than this Protokoll "
            f"({len(MIGRATIONS)}): upgrade Protokoll"
        )
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        with write_transaction(db):
            # another process (a second worker starting) may have applied it meanwhile
            if db.execute("PRAGMA user_version").fetchone()[0] < number:
                migration(db)
                db.execute(f"PRAGMA user_version = {number}")
    return len(MIGRATIONS)


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """A transaction that takes the write lock at its start (BEGIN IMMEDIATE), for changes that read before
    they write: a deferred transaction that read an older state cannot write once another writer committed
    (SQLite answers "database is locked" at once, without waiting), while this one waits its turn. Inside a
    transaction it is a savepoint of that one, as `atomic()` nests."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Return the archive at path, created and migrated as needed."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA journal_mode = WAL")
        # Several processes write (the server, workers, the command line); a writer waits for another's
        # transaction rather than failing at once.
        db.execute("PRAGMA busy_timeout = 60000")
        migrate(db)
    except (OSError, sqlite3.Error) as error:
        raise DatabaseError(f"cannot open database {path}: {error}") from error
    return db
