"""The use cases: each one unit of work on the archive, with the same checks and follow-ups wherever it is called.

The command line and the web workspace (and later the workers and the open-data API) call these
and nothing below them, so a change has the same consequences from every entry point:

- every change is audited (in the archive, in the change's own transaction);
- a change to what the minutes rest on (a correction, a speaker's name, a merge, a non-public
  range) re-runs the summaries, which start again as drafts;
- every change to a meeting refreshes its public files (removed while it is not published);
- input is checked before any model loads, so bad input fails in about a second.

The stages (`speech`, `minutes`) compute; only this module and `archive` write.
"""

from __future__ import annotations

import csv
import io
import json
import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from protokoll import archive
from protokoll.checks import check_date, check_id, check_period, check_text
from protokoll.config import Settings
from protokoll.domain import MeetingInfo, ProgressCallback
from protokoll.errors import (
    DuplicateRecordingError,
    InputError,
    NotFoundError,
    UnknownMeetingError,
    UnknownMergeError,
    UnknownRangeError,
    UnknownUtteranceError,
    UnknownVoteError,
    ValidationError,
)
from protokoll.minutes.agenda import AgendaEntry, check_agenda_size, parse_agenda
from protokoll.minutes.build import Minutes, build_minutes
from protokoll.opendata.oparl_source import OParlMeeting, check_oparl_url
from protokoll.speech.audio import check_file_name
from protokoll.speech.pipeline import SpeechResult
from protokoll.speech.transcribe import check_language

__all__ = [
    "Services",
    "IngestResult",
    "check_date",
    "check_period",
    "MEMBER_COLUMNS",
    "MAX_NAME_CHARS",
    "MAX_UTTERANCE_CHARS",
]

T = TypeVar("T")

# A speaker's or faction's name, a speaker label: longer is a paste gone wrong, not a name.
MAX_NAME_CHARS = 200
# A corrected utterance: about an hour of continuous speech.
MAX_UTTERANCE_CHARS = 50_000

# The columns of a body's member table in the workspace: those of the members CSV (see README).
MEMBER_COLUMNS = ("name", "faction", "role", "start_date", "end_date")


@dataclass
class IngestResult:
    """What one ingest stored, with the seconds each stage took."""

    meeting_id: int
    duration: float
    speech: SpeechResult
    minutes: Minutes
    seconds: dict[str, float] = field(default_factory=dict)
    # What was accepted but must be said (a recording that decodes shorter than it declares).
    warnings: list[str] = field(default_factory=list)

    @property
    def utterances(self):
        return self.speech.utterances

    @property
    def speakers(self):
        return self.speech.speakers

    @property
    def transcript(self):
        return self.speech.transcript


def _person_id(value) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError) as error:
        raise ValidationError(f"person number {value!r} is not a number") from error


class Services:
    """The archive's use cases for one settings object; models load on first use and are shared."""

    def __init__(self, settings: Settings, pipeline_factory=None, embedder=None):
        self.settings = settings
        self._pipeline_factory = pipeline_factory
        self._pipeline = None
        self._embedder = embedder
        self._generator = None
        self._lock = threading.Lock()

    @classmethod
    def for_archive(cls, db_path: str | Path, embedder=None, pipeline=None) -> Services:
        """The use cases over the archive at db_path with its data folder beside it, sharing loaded models."""
        settings = Settings(data_dir=Path(db_path).parent, db_path=Path(db_path))
        return cls(settings, pipeline_factory=(lambda _: pipeline) if pipeline else None, embedder=embedder)

    # --- shared resources -------------------------------------------------------------------

    def db(self) -> sqlite_utils.Database:
        """Open the archive (a connection per call: the web calls from several threads)."""
        return archive.open_database(self.settings.database)

    @property
    def pipeline(self):
        with self._lock:
            if self._pipeline is None:
                if self._pipeline_factory is None:
                    from protokoll.speech.pipeline import Pipeline

                    self._pipeline_factory = Pipeline
                self._pipeline = self._pipeline_factory(self.settings)
            return self._pipeline

    @property
    def embedder(self):
        """The sentence encoder for meaning search and agenda matching (the pipeline's, if loaded)."""
        if self._embedder is None:
            self._embedder = self.pipeline.embedder  # one encoder per process; a Pipeline loads models lazily
        return self._embedder

    @property
    def generator(self):
        """The configured text generator for plain-language rewrites, or None (the default)."""
        if self._generator is None and self.settings.generator:
            from protokoll.minutes.generator import load_generator

            self._generator = load_generator(self.settings.generator)
        return self._generator

    # --- ingest and import ------------------------------------------------------------------

    def ingest(
        self,
        path: str | Path,
        info: MeetingInfo,
        agenda: list[AgendaEntry] | None = None,
        vocabulary: Iterable[str] = (),
        progress: ProgressCallback | None = None,
        actor: str = "pipeline",
        oparl: OParlMeeting | None = None,
    ) -> IngestResult:
        """Process a recording into the archive, with its minutes, in this process; nothing is stored on error.

        The recording becomes a job in the ledger (see `submit`) that this process runs at once, so
        that a crash leaves a job another worker resumes from its checkpoints. The recording is
        decoded and checked to be new before any model loads. With an agenda, its titles also serve
        as vocabulary hints and the transcript is cut into its items. With `oparl` (see
        `oparl_meeting`), the meeting is linked to its OParl meeting and its expected participants'
        names help recognition and name suggestions. A recording that decodes shorter than its
        container declares is kept, with a warning in the result that names the decoded duration.
        """
        from protokoll.processing.ledger import LocalLedger
        from protokoll.processing.runner import JobRunner

        job_id = self.submit(path, info, agenda, vocabulary, actor, oparl)
        return JobRunner(LocalLedger(self), self.settings, lambda: self.pipeline).run(job_id, progress)

    def submit(
        self,
        path: str | Path,
        info: MeetingInfo,
        agenda: list[AgendaEntry] | None = None,
        vocabulary: Iterable[str] = (),
        actor: str = "pipeline",
        oparl: OParlMeeting | None = None,
    ) -> int:
        """Check what can be checked at once and record the recording as a queued job; return the job's id.

        The file must stay where it is until the job is done: workers read it from there. The bounds on
        the number of speakers (settings `min_speakers`, `max_speakers`) travel with the job.
        """
        from protokoll.processing.codec import IngestRequest

        path = Path(path)
        check_file_name(path)  # before the job ledger, which keeps the name as text
        check_date(info.date)
        check_language(info.language if info.language is not None else self.settings.language, "the language")
        if agenda is not None:
            check_agenda_size(agenda)
        s = self.settings
        request = IngestRequest(info, agenda, list(vocabulary), oparl, actor, s.min_speakers, s.max_speakers)
        return archive.create_job(self.db(), path.name, str(path.resolve()), request.to_json())

    def job_ticket(self, job_id: int, worker: str):
        """Claim the job for `worker`; return its `processing.runner.Ticket`, or None when it is not free."""
        from protokoll.processing.codec import IngestRequest
        from protokoll.processing.runner import Ticket

        db = self.db()
        if not archive.claim_job(db, job_id, worker):
            return None
        row = archive.job(db, job_id)
        request = IngestRequest.from_json(archive.job_request(row))
        info, agenda, oparl = request.info, request.agenda, request.oparl
        terms = [info.body or "", info.title, *(e.title for e in agenda or ()), *request.vocabulary,
                 *archive.known_names(db), *(p.name for p in (oparl.participants if oparl else ()))]  # fmt: skip
        return Ticket(job_id, request, terms, archive.checkpoints(db, job_id), row["attempts"], row["source"])

    def job_recording(self, job_id: int) -> Path:
        """Return the file a job processes."""
        return Path(self._require_job(self.db(), job_id)["recording"])

    def check_new_recording(self, sha256: str, name: str) -> None:
        """Raise DuplicateRecordingError when a recording with this sha256 is already in the archive."""
        existing = archive.find_recording(self.db(), sha256)
        if existing is not None:
            raise DuplicateRecordingError(f"{name} was already ingested as meeting {existing} (same sha256)", existing)

    def store_output(self, job_id: int, request, output, worker: str | None = None) -> IngestResult:
        """Store what a worker computed for a job, and close the job, in one transaction; return the result.

        With `worker`, only while that worker holds the job's lease: a worker presumed dead whose job
        another took over stores nothing (JobLost), so each recording is stored exactly once.
        """
        from protokoll.processing.runner import JobLost, pause_point

        db = self.db()
        clock = time.perf_counter()
        info, agenda, actor, oparl = request.info, request.agenda, request.actor, request.oparl
        path = Path(archive.job(db, job_id)["recording"])
        with archive.write_transaction(db):
            if worker is not None and not archive.holds_job(db, job_id, worker):
                raise JobLost(f"job {job_id}: the lease was lost before storing; another worker took over")
            existing = archive.find_recording(db, output.sha256)
            if existing is not None:
                raise DuplicateRecordingError(
                    f"{path.name} was already ingested as meeting {existing} (same sha256)", existing
                )
            speech = output.speech
            meeting_id = archive.save_meeting(
                db, info, path, output.sha256, output.duration, output.container, speech.transcript,
                speech.speakers, speech.utterances, vectors=speech.vectors, vector_model=speech.vector_model,
                actor=actor,
            )  # fmt: skip
            if oparl is not None:
                archive.link_oparl_meeting(db, meeting_id, oparl, actor)
            self._recognise_speakers(db, meeting_id)
            minutes = self._store_minutes(db, meeting_id, agenda, actor)
            pause_point("store")
            archive.finish_job(db, job_id, meeting_id, warning=" ".join(output.warnings) or None)
        archive.optimize_search_index(db)
        seconds = {"decode": output.decode_seconds, **speech.seconds, "store": time.perf_counter() - clock}
        return IngestResult(meeting_id, output.duration, speech, minutes, seconds, list(output.warnings))

    def cancel_job(self, job_id: int, actor: str) -> None:
        """Cancel a queued or running job (a running worker stops at its next progress report)."""
        db = self.db()
        self._require_job(db, job_id)
        if not archive.cancel_job(db, job_id, actor):
            raise ValidationError(f"job {job_id} is not queued or running; only those can be cancelled")

    def retry_job(self, job_id: int, actor: str) -> None:
        """Queue a failed or cancelled job again; it resumes from its checkpoints."""
        db = self.db()
        self._require_job(db, job_id)
        if not archive.retry_job(db, job_id, actor):
            raise ValidationError(f"job {job_id} has not failed or been cancelled; only those can be retried")

    def _require_job(self, db, job_id) -> dict:
        row = archive.job(db, check_id(job_id, NotFoundError, "job"))
        if row is None:
            raise NotFoundError(f"there is no job with id {job_id}")
        return row

    def import_transcript(
        self,
        data: dict,
        agenda: list[AgendaEntry] | None = None,
        publish: bool = False,
        actor: str = "import",
        oparl: OParlMeeting | None = None,
    ) -> int:
        """Store a transcript read by `read_transcript` (no recording) with its minutes; return the meeting id.

        The agenda is the one given, else the transcript's own, else the OParl meeting's (`oparl`, which
        also fills the date, body and place the transcript leaves open, and is linked to the meeting), else
        the items come from the chair's cues. `publish` is for transcripts already approved elsewhere: it
        approves the summaries in the actor's name and publishes through the same rule and audit as a
        clerk's publish.
        """
        from protokoll.speech.transcript_import import parse_transcript

        imported = parse_transcript(data)
        agenda = agenda if agenda is not None else imported.agenda
        if oparl is not None:
            agenda = agenda if agenda is not None else (oparl.agenda or None)
            imported.info = oparl.fill(imported.info)
        if agenda is not None:
            check_agenda_size(agenda)
        vectors = _blobs(self.embedder, [u.text for u in imported.utterances])
        db = self.db()
        with archive.write_transaction(db):
            meeting_id = archive.save_meeting(
                db, imported.info, None, None, imported.transcript.duration, "", imported.transcript,
                imported.speakers, imported.utterances, vectors=vectors, vector_model=self.embedder.name, actor=actor,
            )  # fmt: skip
            if oparl is not None:
                archive.link_oparl_meeting(db, meeting_id, oparl, actor)
            archive.link_speakers(db, meeting_id, imported.people, actor)
            self._recognise_speakers(db, meeting_id)
            self._store_minutes(db, meeting_id, agenda, actor)
        archive.optimize_search_index(db)
        if publish:
            self.approve(meeting_id, actor)
            self.publish(meeting_id, actor)
        return meeting_id

    # --- the minutes ------------------------------------------------------------------------

    def _store_minutes(self, db, meeting_id: int, agenda, actor: str, generator=None) -> Minutes:
        """Build a stored meeting's minutes from its public utterances and replace the old ones."""
        bundle = archive.load_meeting(db, meeting_id)
        if agenda is None and bundle.meeting.agenda:
            agenda = parse_agenda(bundle.meeting.agenda, "stored agenda")
        minutes = build_minutes(
            bundle, agenda, self.embedder, archive.known_names(db), generator or self.generator,
            decisions=archive.vote_decisions(db, meeting_id),
        )  # fmt: skip
        agenda_json = json.dumps([e.__dict__ for e in agenda], ensure_ascii=False) if agenda else None
        archive.save_minutes(db, meeting_id, minutes, agenda_json, actor)
        return minutes

    def summarize(
        self, meeting_id: int, agenda: list[AgendaEntry] | None = None, generator=None, actor: str = "clerk"
    ) -> Minutes:
        """Re-run agenda items, votes and summaries of a stored meeting (drafts again); refresh its public files."""
        check_id(meeting_id, UnknownMeetingError, "meeting")
        if agenda is not None:
            check_agenda_size(agenda)
        db = self.db()
        with archive.write_transaction(db):
            minutes = self._store_minutes(db, meeting_id, agenda, actor, generator)
        self._refresh_public_files(db, meeting_id)
        return minutes

    def _change(
        self, meeting_id: int | Callable[[T], int], actor: str, change: Callable[[sqlite_utils.Database], T]
    ) -> T:
        """Run a change to what the minutes rest on and re-run the summaries in one transaction (so neither
        stands without the other); then refresh the public files. `meeting_id` may be a function of the
        change's outcome, where only the change finds the meeting (a vote's, a suggestion's)."""
        db = self.db()
        with archive.write_transaction(db):
            outcome = change(db)
            meeting = meeting_id(outcome) if callable(meeting_id) else meeting_id
            self._store_minutes(db, meeting, None, actor)
        self._refresh_public_files(db, meeting)
        return outcome

    def _refresh_public_files(self, db, meeting_id: int) -> None:
        from protokoll.publication.public_files import refresh_public_files

        refresh_public_files(db, meeting_id, self.settings.data_dir)

    # --- a clerk's corrections --------------------------------------------------------------

    def correct(self, utterance_id: int, text: str, actor: str) -> int:
        """Replace an utterance's text (search follows at once); return its meeting's id."""
        check_id(utterance_id, UnknownUtteranceError, "utterance")
        check_text(text, "the corrected text", MAX_UTTERANCE_CHARS, required=True)
        meeting_id = archive.meeting_of_utterance(self.db(), utterance_id)
        self._change(
            meeting_id, actor, lambda db: archive.correct_utterance(db, utterance_id, text, actor, self.embedder)
        )
        return meeting_id

    def name_speaker(self, meeting_id: int, label: str, name: str, faction: str | None, actor: str) -> int:
        """Name a speaker label and link it to a person (with a faction, if given); return the person's id.

        Where the body's voice register is on, the speaker's voice print joins the person's prints.
        """
        return self.name_speakers(meeting_id, {label: (name, faction)}, actor)[label]

    def name_speakers(self, meeting_id: int, names: dict[str, tuple[str, str | None]], actor: str) -> dict[str, int]:
        """Name several speaker labels at once ({label: (name, faction or None)}), in one transaction and one
        re-run of the minutes; return each label's person id. Open suggestions of the same name count as confirmed."""
        check_id(meeting_id, UnknownMeetingError, "meeting")
        for label, (name, faction) in names.items():
            check_text(label, "the speaker label", MAX_NAME_CHARS, required=True)
            check_text(name, "the speaker's name", MAX_NAME_CHARS, required=True)
            check_text(faction, "the faction", MAX_NAME_CHARS)

        def change(db) -> dict[str, int]:
            persons = {}
            for label, (name, faction) in names.items():
                person_id = archive.assign_person(db, meeting_id, label, name, faction or None, actor)
                archive.register_voice(db, meeting_id, label, person_id, actor)
                archive.settle_suggestions(db, meeting_id, label, person_id, actor)
                persons[label] = person_id
            return persons

        return self._change(meeting_id, actor, change)

    def merge_speakers(self, meeting_id: int, label: str, into: str, actor: str) -> int:
        """Give one speaker label's utterances to another; return how many moved."""
        check_id(meeting_id, UnknownMeetingError, "meeting")
        check_text(label, "the speaker label", MAX_NAME_CHARS, required=True)
        check_text(into, "the speaker label", MAX_NAME_CHARS, required=True)
        return self._change(meeting_id, actor, lambda db: archive.merge_speakers(db, meeting_id, label, into, actor))

    def reassign_utterance(self, utterance_id: int, label: str, actor: str) -> int:
        """Give one utterance to another speaker of its meeting; return the meeting's id."""
        check_id(utterance_id, UnknownUtteranceError, "utterance")
        check_text(label, "the speaker label", MAX_NAME_CHARS, required=True)
        meeting_id = archive.meeting_of_utterance(self.db(), utterance_id)
        return self._change(meeting_id, actor, lambda db: archive.reassign_utterance(db, utterance_id, label, actor))

    def unmerge_speakers(self, meeting_id: int, merge_id: int, actor: str) -> int:
        """Undo a merge of speakers (see `archive.speaker_merges` for ids); return how many utterances went back."""
        check_id(meeting_id, UnknownMeetingError, "meeting")
        check_id(merge_id, UnknownMergeError, "merge")
        return self._change(meeting_id, actor, lambda db: archive.unmerge_speakers(db, meeting_id, merge_id, actor))

    def hide_range(self, meeting_id: int, start: float, end: float, actor: str) -> int:
        """Mark every utterance in [start, end) seconds non-public; return how many."""
        check_id(meeting_id, UnknownMeetingError, "meeting")
        for value in (start, end):
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ValidationError(f"the range {start!r}-{end!r} s is not a time range")
        return self._change(meeting_id, actor, lambda db: archive.mark_non_public(db, meeting_id, start, end, actor))

    def show_range(self, meeting_id: int, range_id: int, actor: str) -> int:
        """Make a non-public range public again (the undo of `hide_range`); return how many utterances show again."""
        check_id(meeting_id, UnknownMeetingError, "meeting")
        check_id(range_id, UnknownRangeError, "non-public range")
        return self._change(meeting_id, actor, lambda db: archive.unmark_non_public(db, meeting_id, range_id, actor))

    def decide_vote(self, vote_id: int, result: str, actor: str) -> int:
        """Decide a vote's result (one the machine marked unclear, or a wrong one); return its meeting's id."""
        check_id(vote_id, UnknownVoteError, "vote")
        return self._change(lambda meeting: meeting, actor, lambda db: archive.decide_vote(db, vote_id, result, actor))

    # --- who is speaking --------------------------------------------------------------------

    def import_members(self, path: str | Path, body: str, actor: str) -> dict[str, int]:
        """Import a body's persons, factions and memberships from CSV or OParl JSON; return counts."""
        from protokoll.speakers.directory import read_directory

        directory = read_directory(path)
        if not body or not body.strip():
            raise ValidationError("members are imported for a body: give its name")
        return archive.import_directory(self.db(), " ".join(body.split()), directory, actor)

    def save_members(self, body: str, rows: list[dict], actor: str) -> dict[str, int]:
        """Store a body's member table as a clerk edited it in the workspace; return counts.

        The rows have the members CSV's columns (name, faction, role, start_date, end_date) and are
        checked as an imported CSV is. The table is the body's whole list: whoever is not in it leaves
        the body. A row that keeps its `person_id` but has a new name corrects that person's name.
        """
        from protokoll.speakers.directory import parse_csv

        body = " ".join((body or "").split())
        if not body:
            raise ValidationError("members are stored for a body: give its name")
        rows = [r for r in rows if any(str(r.get(c) or "").strip() for c in MEMBER_COLUMNS)]
        if not rows:
            raise ValidationError(f"the member table of {body} is empty: a body keeps at least one member")
        table = io.StringIO()
        writer = csv.DictWriter(table, MEMBER_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({c: str(r.get(c) or "").strip() for c in MEMBER_COLUMNS} for r in rows)
        directory = parse_csv(table.getvalue(), f"the member table of {body}")
        db = self.db()
        with archive.write_transaction(db):  # corrected names and the new list stand or fall together
            for row in rows:
                if str(row.get("person_id") or "").strip():
                    archive.rename_person(db, _person_id(row["person_id"]), str(row["name"]), actor)
            return archive.import_directory(db, body, directory, actor, complete=True)

    def set_voice_register(self, body: str, enabled: bool, actor: str) -> int:
        """Switch a body's voice register on or off (off deletes its prints); return how many prints were deleted."""
        return archive.set_voice_register(self.db(), body, enabled, actor)

    def delete_voice_prints(self, person_id: int, actor: str) -> int:
        """Delete every voice print of a person; return how many."""
        check_id(person_id, NotFoundError, "person")
        return archive.delete_voice_prints(self.db(), person_id, actor)

    def recognise_speakers(self, meeting_id: int, actor: str) -> list[archive.Suggestion]:
        """Compute a stored meeting's name suggestions anew (after importing members, say); return the open ones."""
        check_id(meeting_id, UnknownMeetingError, "meeting")
        self._change(meeting_id, actor, lambda db: self._recognise_speakers(db, meeting_id))
        return archive.suggestions(self.db(), meeting_id, open_only=True)

    def decide_suggestion(self, suggestion_id: int, accept: bool, actor: str) -> archive.Suggestion:
        """Confirm a name suggestion (the speaker is named, the voice registered) or reject it."""
        check_id(suggestion_id, NotFoundError, "name suggestion")
        return self._change(
            lambda suggestion: suggestion.meeting_id, actor,
            lambda db: archive.decide_suggestion(db, suggestion_id, accept, actor),
        )  # fmt: skip

    def _recognise_speakers(self, db, meeting_id: int) -> None:
        """Name speakers the register recognises, and store name suggestions (voice, and the chair's words).

        Speakers a clerk or an import named keep their names; only they are left without suggestions.
        """
        from protokoll.speakers.floor import suggest_names
        from protokoll.speakers.voices import match_voices

        body_id, date = archive.meeting_body_and_date(db, meeting_id)
        if body_id is None:
            return
        members = archive.expected_members(db, meeting_id, body_id, date)  # with the OParl meeting's participants
        turns = archive.turns_by_label(db, meeting_id)
        named = {t.speaker for t in turns if t.named_by_clerk}
        names = {m.person_id: m.name for m in members}
        rows = []
        if archive.voice_register_enabled(db, body_id):
            former = {m.person_id for m in members if not m.current}  # not members on this date
            prints = {p: v for p, v in archive.registered_prints(db, body_id).items() if p not in former}
            voices, seconds, consistency = archive.speaker_voices(db, meeting_id)
            voices = {label: v for label, v in voices.items() if label not in named}
            s = self.settings
            for match in match_voices(
                voices, prints, seconds, s.voice_recognise_at, s.voice_suggest_at, consistency=consistency
            ):
                name = names.get(match.person_id) or archive.person_name(db, match.person_id)
                if match.recognised:
                    archive.apply_voice_name(db, meeting_id, match.label, match.person_id, name, match.score)
                rows.append(
                    {"label": match.label, "person_id": match.person_id, "name": name, "source": "voice",
                     "score": match.score, "status": "recognised" if match.recognised else "open"}
                )  # fmt: skip
        seen = set()
        for found in suggest_names(turns, members):
            if found.label in named or (found.label, found.person_id) in seen:
                continue
            seen.add((found.label, found.person_id))
            rows.append(
                {"label": found.label, "person_id": found.person_id, "name": found.name, "source": found.source,
                 "evidence": found.evidence, "utterance_id": turns[found.utterance_index].utterance_id,
                 "start": found.start}
            )  # fmt: skip
        archive.save_suggestions(db, meeting_id, rows)

    # --- a council information system (OParl) -----------------------------------------------

    def import_oparl(
        self, url: str, body: str | None = None, full: bool = False, actor: str = "oparl-import"
    ) -> archive.OParlImport:
        """Read an OParl system's bodies, organizations, persons, memberships, meetings and agenda items into the
        archive, all in one transaction (nothing is stored if the server fails midway); return what changed.

        `body` picks one of the system's bodies by name (a system of one body: the archive's body to import
        into). After the first import, only what changed since the last one is asked for, unless `full`.
        """
        from protokoll.opendata.oparl_client import harvest

        url = check_oparl_url(url)
        body = " ".join(body.split()) if body and body.strip() else None
        check_text(body, "the body", MAX_NAME_CHARS)
        db = self.db()
        harvested = harvest(url, body, {} if full else archive.oparl_import_since(db))
        return archive.store_oparl_import(db, harvested, actor, body)

    def oparl_meeting(self, url: str) -> OParlMeeting:
        """The meeting at an OParl URL as an ingest takes it: title, date, start, place, body (the archive's, where
        the OParl body was imported), agenda with the items' OParl ids, and the expected participants."""
        from protokoll.opendata.oparl_client import fetch_meeting

        db = self.db()
        return fetch_meeting(
            url, lambda oparl_id: archive.body_name_by_oparl_id(db, oparl_id),
            lambda ids: archive.persons_by_oparl_id(db, ids),
        )  # fmt: skip

    # --- approval and publication -----------------------------------------------------------

    def approve(self, meeting_id: int, actor: str) -> int:
        """Approve a meeting's draft summaries in the clerk's name; return how many."""
        check_id(meeting_id, UnknownMeetingError, "meeting")
        db = self.db()
        count = archive.approve_summaries(db, meeting_id, actor)
        self._refresh_public_files(db, meeting_id)
        return count

    def publish(self, meeting_id: int, actor: str) -> Path | None:
        """Publish a meeting whose summaries are all approved; return its public folder."""
        check_id(meeting_id, UnknownMeetingError, "meeting")
        from protokoll.publication.public_files import public_folder

        db = self.db()
        archive.set_publication(db, meeting_id, True, actor)
        self._refresh_public_files(db, meeting_id)
        return public_folder(self.settings.data_dir, meeting_id)

    def withdraw(self, meeting_id: int, actor: str) -> None:
        """Withdraw a published meeting; its public files are removed."""
        check_id(meeting_id, UnknownMeetingError, "meeting")
        db = self.db()
        archive.set_publication(db, meeting_id, False, actor)
        self._refresh_public_files(db, meeting_id)

    # --- translation and indexes ------------------------------------------------------------

    def translate(self, meeting_id: int, actor: str = "clerk", progress: ProgressCallback | None = None) -> int:
        """Add an English machine translation of a meeting's transcript; return how many utterances got text."""
        check_id(meeting_id, UnknownMeetingError, "meeting")
        from protokoll.speech.translation import translate_recording, words_to_utterances

        db = self.db()
        recording = archive.recording_of(db, meeting_id)
        if recording is None:
            raise InputError(f"meeting {meeting_id} has no recording to translate (imported transcript)")
        english = translate_recording(recording[0], recording[1], self.pipeline.transcriber, progress)
        utterances = archive.load_meeting(db, meeting_id, include_redacted=True).utterances
        texts = words_to_utterances(english.words, utterances)
        archive.save_translations(db, meeting_id, "en", texts, english.model, actor)
        self._refresh_public_files(db, meeting_id)
        return len(texts)

    def reindex(self, progress: ProgressCallback | None = None) -> int:
        """Rebuild the keyword index and every utterance's meaning vector; return how many."""
        return archive.reindex(self.db(), self.embedder, progress=progress)


def _blobs(embedder, texts: list[str]) -> list[bytes]:
    from protokoll.embeddings import to_blob

    return [to_blob(v) for v in embedder.encode(texts)]
