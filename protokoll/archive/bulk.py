"""What the bulk open-data download reads besides the public meetings: their stamps, the public directory
(bodies, persons, organizations, memberships) and a fingerprint of everything the download shows.

The meetings themselves come through `visibility.public_meeting`; the queries here compose the same
rule's fragments (`PUBLIC_MEETING_SQL`, `PUBLIC_UTTERANCE_SQL`), so no other notion of "public" exists.
Voice prints, recordings, clerks, sessions, audit entries, jobs and suggestions are never selected (the
audit table is only counted, to notice changes).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlite_utils

from protokoll.archive.visibility import PUBLIC_MEETING_SQL, PUBLIC_UTTERANCE_SQL

__all__ = ["PublicDirectory", "public_data_state", "public_meeting_stamps", "public_directory"]

# Persons a published meeting shows as a speaker of at least one public utterance.
_PUBLIC_SPEAKER_PERSONS = (
    "SELECT DISTINCT s.person_id FROM speakers s JOIN utterances u ON u.speaker_id = s.id "
    f"JOIN meetings m ON m.id = u.meeting_id WHERE s.person_id IS NOT NULL AND {PUBLIC_MEETING_SQL} "
    f"AND {PUBLIC_UTTERANCE_SQL}"
)


@dataclass
class PublicDirectory:
    """The council data that is public regardless of meetings: bodies, their members' persons, the
    organizations (factions, parties) and the dated memberships; plus the persons public meetings name."""

    bodies: list[dict]
    organizations: list[dict]
    persons: list[dict]
    memberships: list[dict]


def public_data_state(db: sqlite_utils.Database) -> str:
    """A fingerprint that changes whenever what the download shows may have changed.

    Published meetings are counted and their `modified_at` (kept by triggers for every change to a
    meeting and its parts, status included) taken; withdrawing one changes the count and the id sum. The
    directory's tables likewise. `modified_at` has one-second steps, so the newest audit entry (every
    clerk's change is audited) and the newest translation (which no trigger stamps) are added: a
    change within the second of the last build is not missed. Cheap enough for every request.
    """
    parts = [
        db.execute(
            f"SELECT count(*), coalesce(sum(m.id), 0), coalesce(max(m.modified_at), '') FROM meetings m "
            f"WHERE {PUBLIC_MEETING_SQL}"
        ).fetchone()
    ]
    for table in ("bodies", "persons", "organizations", "memberships"):
        parts.append(
            db.execute(f"SELECT count(*), coalesce(sum(id), 0), coalesce(max(modified_at), '') FROM {table}").fetchone()
        )
    parts.append(db.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone())
    parts.append(db.execute("SELECT coalesce(max(rowid), 0) FROM translations").fetchone())
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def public_meeting_stamps(db: sqlite_utils.Database) -> list[dict]:
    """The published meetings, oldest first, with what `StoredMeeting` does not carry: body id, OParl id,
    created and modified."""
    return list(
        db.query(
            "SELECT m.id, m.body_id, m.oparl_id, m.created_at, m.modified_at FROM meetings m "
            f"WHERE {PUBLIC_MEETING_SQL} ORDER BY m.date, m.id"
        )
    )


def public_directory(db: sqlite_utils.Database) -> PublicDirectory:
    """Bodies with members or published meetings; every membership (members lists are public council
    data); the organizations they name; the persons who are members or speak in a published meeting.

    A person named only in a draft meeting is left out: that they spoke there is not public yet.
    """
    memberships = list(
        db.query(
            "SELECT id, person_id, body_id, organization_id, role, start_date, end_date, oparl_id, created_at, "
            "modified_at FROM memberships ORDER BY id"
        )
    )
    bodies = list(
        db.query(
            "SELECT id, name, oparl_id, created_at, modified_at FROM bodies WHERE id IN "
            f"(SELECT body_id FROM memberships UNION SELECT m.body_id FROM meetings m WHERE {PUBLIC_MEETING_SQL}) "
            "ORDER BY id"
        )
    )
    organizations = list(
        db.query(
            "SELECT id, name, short_name, kind, oparl_id, created_at, modified_at FROM organizations "
            "WHERE id IN (SELECT organization_id FROM memberships) ORDER BY id"
        )
    )
    persons = list(
        db.query(
            "SELECT id, name, given_name, family_name, title, form_of_address, faction, role, oparl_id, created_at, "
            "modified_at FROM persons WHERE id IN "
            f"(SELECT person_id FROM memberships UNION {_PUBLIC_SPEAKER_PERSONS}) ORDER BY id"
        )
    )
    return PublicDirectory(bodies, organizations, persons, memberships)
