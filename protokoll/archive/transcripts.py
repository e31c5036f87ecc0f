"""Utterance text and its indexes: corrections, translations, and rebuilding the keyword and meaning indexes."""

from __future__ import annotations

import sqlite_utils

from protokoll.archive.schema import record_audit, write_transaction
from protokoll.embeddings import to_blob
from protokoll.errors import UnknownUtteranceError, ValidationError

__all__ = ["correct_utterance", "reindex", "save_translations", "optimize_search_index", "meeting_of_utterance"]


def correct_utterance(db: sqlite_utils.Database, utterance_id: int, text: str, actor: str, embedder) -> None:
    """Replace an utterance's text; its search entries (keyword and meaning) follow in the same transaction.

    Word timings stay those of the recognised words: they still say when the passage was spoken.
    """
    text = " ".join(text.split())
    if not text:
        raise ValidationError("the corrected text is empty")
    vector = to_blob(embedder.encode([text])[0])
    with write_transaction(db):
        row = db.execute("SELECT text FROM utterances WHERE id = ?", [utterance_id]).fetchone()
        if row is None:
            raise UnknownUtteranceError(f"there is no utterance with id {utterance_id}")
        db["utterances"].update(utterance_id, {"text": text})
        db["utterance_vectors"].upsert(
            {"utterance_id": utterance_id, "model": embedder.name, "vector": vector}, pk="utterance_id"
        )
        record_audit(db, actor, "correct_text", "utterances", utterance_id, row[0], text)


def reindex(db: sqlite_utils.Database, embedder, batch_size: int = 256, progress=None) -> int:
    """Rebuild the keyword index and every utterance vector in one transaction; return the count."""
    total = db.execute("SELECT count(*) FROM utterances").fetchone()[0]
    done = 0
    with write_transaction(db):
        db.execute("INSERT INTO utterances_fts (utterances_fts) VALUES ('rebuild')")
        db.execute("INSERT INTO utterances_fts (utterances_fts) VALUES ('optimize')")
        db.execute("DELETE FROM utterance_vectors")
        cursor = db.conn.cursor().execute("SELECT id, text FROM utterances ORDER BY id")
        while rows := cursor.fetchmany(batch_size):
            vectors = embedder.encode([text or "" for _, text in rows])
            db.conn.executemany(
                "INSERT INTO utterance_vectors (utterance_id, model, vector) VALUES (?, ?, ?)",
                [(row_id, embedder.name, to_blob(v)) for (row_id, _), v in zip(rows, vectors, strict=True)],
            )
            done += len(rows)
            if progress:
                progress("reindex", done / max(total, 1))
        record_audit(db, "system", "reindex", "utterances", None, None, str(done))
    return done


def save_translations(
    db: sqlite_utils.Database,
    meeting_id: int,
    language: str,
    texts: dict[int, str],
    model: str,
    actor: str = "pipeline",
) -> None:
    """Replace a meeting's machine translations into `language` (utterance id -> text) in one transaction."""
    with write_transaction(db):
        db.execute(
            "DELETE FROM translations WHERE language = ? AND utterance_id IN "
            "(SELECT id FROM utterances WHERE meeting_id = ?)",
            [language, meeting_id],
        )
        db["translations"].insert_all(
            {"utterance_id": i, "language": language, "text": t, "model": model} for i, t in texts.items()
        )
        record_audit(db, actor, "translate", "meetings", meeting_id, None, f"{len(texts)} utterances to {language}")


def optimize_search_index(db: sqlite_utils.Database) -> None:
    """Merge the keyword index into one segment.

    Every ingest adds segments, and each query opens all of them; merged, a query at 1,000 hours
    takes half the time (about 3 s for that archive, so it is done after each ingest).
    """
    with write_transaction(db):
        db.execute("INSERT INTO utterances_fts (utterances_fts) VALUES ('optimize')")


def meeting_of_utterance(db: sqlite_utils.Database, utterance_id: int) -> int:
    """Return the id of the meeting an utterance belongs to."""
    row = db.execute("SELECT meeting_id FROM utterances WHERE id = ?", [utterance_id]).fetchone()
    if row is None:
        raise UnknownUtteranceError(f"there is no utterance with id {utterance_id}")
    return row[0]
