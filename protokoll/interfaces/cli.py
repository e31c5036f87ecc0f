"""The command line: every use case of the archive as a command (through `services`), each with --help."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from protokoll.checks import MAX_ID, check_id
from protokoll.config import PROJECT_ROOT, Settings, load_settings
from protokoll.domain import MeetingInfo
from protokoll.errors import (
    InputError,
    NotFoundError,
    ProtokollError,
    UnknownMeetingError,
    UnknownUtteranceError,
    UnknownVoteError,
)
from protokoll.minutes.agenda import read_agenda
from protokoll.minutes.text import clock
from protokoll.minutes.votes import RESULTS, UNCLEAR
from protokoll.minutes.wording import vote_text
from protokoll.speakers.voices import MIN_CONSISTENCY

SAMPLE = PROJECT_ROOT / "samples" / "sample_session.flac"


def _settings(ctx: click.Context, db: str | None) -> Settings:
    settings: Settings = ctx.obj
    return settings.replace(db_path=Path(db) if db else None)


class _ProtokollGroup(click.Group):
    """Ends any command that raises a ProtokollError with its one-line message and exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ProtokollError as error:
            click.echo(f"Error: {error}", err=True)
            ctx.exit(error.exit_code)


class _Id(click.ParamType):
    """An id on the command line: what is no number is a usage error; a number no row can have
    (0, past SQLite's 2^63 - 1) is unknown like any other id, so it exits 2 as "there is no …"."""

    name = "integer"

    def __init__(self, error: type[NotFoundError], what: str):
        self.error, self.what = error, what

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return check_id(value, self.error, self.what)
        try:
            number = int(value)
        except ValueError:
            self.fail(f"{value!r} is not a valid integer", param, ctx)
        return check_id(number, self.error, self.what)


MEETING_ID = _Id(UnknownMeetingError, "meeting")
UTTERANCE_ID = _Id(UnknownUtteranceError, "utterance")
VOTE_ID = _Id(UnknownVoteError, "vote")
SUGGESTION_ID = _Id(NotFoundError, "name suggestion")
PERSON_ID = _Id(NotFoundError, "person")
# As search.MAX_RESULTS (not imported here: the search module loads NumPy and the archive).
MAX_RESULTS = 1000


db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="SQLite archive (default: $PROTOKOLL_DB_PATH or the data folder).",
)


actor_option = click.option(
    "--clerk",
    "actor",
    default=lambda: os.environ.get("USER") or "cli",
    show_default="$USER",
    help="Who makes the change (for the audit table).",
)


def _services(ctx: click.Context, db: str | None):
    from protokoll.services import Services

    return Services(_settings(ctx, db))


@click.group(cls=_ProtokollGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", type=click.Path(exists=True, dir_okay=False), default=None, help="Settings file (TOML).")
@click.version_option(package_name="protokoll")
@click.pass_context
def cli(ctx: click.Context, config: str | None) -> None:
    """Protokoll: council recordings to speaker-attributed, searchable transcripts, on local models."""
    try:
        ctx.obj = load_settings(Path(config) if config else None)
    except UnicodeDecodeError as error:
        raise InputError(f"cannot read settings file {config or '$PROTOKOLL_CONFIG'}: it is not UTF-8 text") from error


def _progress_printer(label: str):
    from protokoll.speech.pipeline import overall_progress

    bar = click.progressbar(length=1000, label=label, file=sys.stderr, show_eta=True, show_percent=True)
    bar.__enter__()
    state = {"done": 0}

    def report(stage: str, fraction: float) -> None:
        target = int(overall_progress(stage, fraction) * 1000)
        bar.label = f"{stage:<10}"
        if target > state["done"]:
            bar.update(target - state["done"])
            state["done"] = target

    def close() -> None:
        bar.__exit__(None, None, None)

    return report, close


def run_ingest(
    settings: Settings, audio: Path, info: MeetingInfo, vocabulary: list[str], quiet: bool = False, agenda=None,
    oparl=None,
):  # fmt: skip
    """Ingest one recording with a progress bar; return the IngestResult."""
    from protokoll.services import Services

    report, close = (None, lambda: None) if quiet else _progress_printer("decode")
    try:
        return Services(settings).ingest(
            audio, info, agenda=agenda, vocabulary=vocabulary, progress=report, oparl=oparl
        )
    finally:
        close()


@cli.command()
@click.argument("audio", type=click.Path(path_type=Path))
@db_option
@click.option("--title", default=None, help="Meeting title (default: the file name).")
@click.option("--date", "date_", default=None, help="Meeting date, YYYY-MM-DD.")
@click.option("--body", default=None, help="Council or committee, e.g. 'Rat der Stadt Essen'.")
@click.option("--place", default=None, help="Where the meeting took place.")
@click.option("--language", default=None, help="Spoken language code (default de); 'auto' to detect.")
@click.option(
    "--agenda",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Agenda: text (one item a line, 'TOP 3 Title'), a JSON list or OParl AgendaItems.",
)
@click.option(
    "--oparl-meeting",
    default=None,
    metavar="URL",
    help="The meeting in the council information system (OParl): title, date, place, body, agenda and the "
    "expected participants come from there, where not given here; the meeting is linked to it.",
)
@click.option("--vocabulary", "-v", multiple=True, help="Name or term to help recognition (repeatable).")
@click.option("--min-speakers", type=click.IntRange(min=1), default=None, help="At least this many speakers.")
@click.option("--max-speakers", type=click.IntRange(min=1), default=None, help="At most this many speakers.")
@click.option("--non-public", is_flag=True, help="Mark the whole meeting as non-public.")
@click.option(
    "--queue", "queued", is_flag=True,
    help="Only queue the recording and print the job's id; a worker (serve, worker) processes it.",
)  # fmt: skip
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def ingest(
    ctx,
    audio,
    db,
    title,
    date_,
    body,
    place,
    language,
    agenda,
    oparl_meeting,
    vocabulary,
    min_speakers,
    max_speakers,
    non_public,
    queued,
    quiet,
):
    """Process a recording into the archive and print the new meeting's id (with --queue: the job's id)."""
    from protokoll.services import check_date
    from protokoll.speech.audio import check_upload
    from protokoll.speech.transcribe import check_language

    settings = _settings(ctx, db).replace(min_speakers=min_speakers, max_speakers=max_speakers)
    check_date(date_, "--date")
    if language is not None:
        check_language(language, "--language")
    check_upload(audio, settings.max_duration_hours, settings.max_file_mb)  # before the progress bar
    if min_speakers and max_speakers and min_speakers > max_speakers:
        raise InputError("--min-speakers is larger than --max-speakers")
    entries = read_agenda(agenda) if agenda else None
    oparl = _oparl_meeting(ctx, db, oparl_meeting) if oparl_meeting else None
    if oparl is not None:
        title, date_, body = title or oparl.title, date_ or oparl.date, body or oparl.body
        place = place or oparl.place
        entries = entries if entries is not None else (oparl.agenda or None)
        check_date(date_, "the OParl meeting's date")
    lang = settings.language if language is None else (None if language == "auto" else language)
    info = MeetingInfo(
        title=title or audio.stem,
        date=date_,
        body=body,
        place=place,
        language=lang,
        public=not non_public,
    )
    if queued:
        from protokoll.services import Services

        job_id = Services(settings).submit(audio, info, entries, list(vocabulary), oparl=oparl)
        _job_queue(ctx, db).enqueue(job_id)
        click.echo(f"queued as job {job_id}; `protokoll jobs` shows its progress", err=True)
        click.echo(job_id)
        return
    result = run_ingest(settings, audio, info, list(vocabulary), quiet=quiet, agenda=entries, oparl=oparl)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(
        f"{len(result.utterances)} utterances, {len(result.speakers.speakers)} speakers, "
        f"{result.duration / 60:.1f} min of audio in {sum(result.seconds.values()) / 60:.1f} min",
        err=True,
    )
    click.echo(result.meeting_id)


@cli.command()
@click.argument("meeting_id", type=MEETING_ID)
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "vtt", "srt", "md", "docx", "pdf"]),
    default="json",
    show_default=True,
    help="Output format; docx and pdf need --out.",
)
@click.option(
    "--part",
    type=click.Choice(["all", "results", "verbatim"]),
    default="all",
    show_default=True,
    help="For md, docx, pdf: results protocol, verbatim transcript, or both.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write here instead of stdout.",
)
@click.pass_context
def export(ctx, meeting_id, db, fmt, part, out):
    """Export a meeting: JSON (everything), subtitles (VTT, SRT) or the protocol (Markdown, Word, PDF)."""
    from protokoll.archive import load_meeting, open_database
    from protokoll.publication import BINARY_FORMATS, render, write_export

    if fmt in BINARY_FORMATS and out is None:
        raise InputError(f"--format {fmt} writes a binary file: give --out FILE")
    text = render(load_meeting(open_database(_settings(ctx, db).database), meeting_id), fmt, part)
    if out:
        try:
            write_export(out, text)
        except OSError as error:
            raise InputError(f"cannot write {out}: {error}") from error
    else:
        click.echo(text, nl=False)


def _oparl_meeting(ctx, db, url: str):
    """Read an OParl meeting for an ingest or import, and say what was taken from it."""
    oparl = _services(ctx, db).oparl_meeting(url)
    names = ", ".join(p.name for p in oparl.participants) or "keine genannt"
    click.echo(f"OParl: {oparl.title} ({oparl.date or 'ohne Datum'}, {oparl.body or 'ohne Gremium'}), "
               f"{len(oparl.agenda)} agenda items; expected participants: {names}", err=True)  # fmt: skip
    for warning in oparl.warnings:
        click.echo(f"Warning: {warning}", err=True)
    return oparl


def _filters(public_only, **values):
    from protokoll.archive.search import SearchFilters

    return SearchFilters(public_only=public_only, **values)


def _print_hits(hits, as_json: bool, group: bool) -> None:
    from protokoll.archive.search import group_by_meeting

    if as_json:
        rows = [{**h.__dict__, "link": h.link} for h in hits]
        if group:
            rows = [
                {
                    **{k: v for k, v in g.__dict__.items() if k != "hits"},
                    "hits": [r for r in rows if r["meeting_id"] == g.meeting_id],
                }
                for g in group_by_meeting(hits)
            ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("No results.", err=True)
    for meeting in group_by_meeting(hits):
        click.echo(f"== [{meeting.meeting_id}] {meeting.date or ''} {meeting.meeting_title} ({meeting.body or '-'})")
        for hit in meeting.hits:
            who = f"{hit.speaker} ({hit.faction})" if hit.faction else hit.speaker
            click.echo(f"  {clock(hit.start)} {who}: {hit.snippet}  {hit.link}")


@cli.command()
@click.argument("query")
@db_option
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "keyword", "meaning"]),
    default="hybrid",
    show_default=True,
    help="Keyword (FTS5), meaning (sentence vectors) or both fused.",
)
@click.option("--speaker", default=None, help="Only utterances of this speaker or person (name or label).")
@click.option("--faction", default=None, help="Only speakers of this faction (persons assigned to speakers).")
@click.option("--body", default=None, help="Only meetings of this body.")
@click.option("--from", "date_from", default=None, help="Only meetings on or after this date (YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Only meetings on or before this date (YYYY-MM-DD).")
@click.option(
    "--item", "agenda_item_id", type=click.IntRange(1, MAX_ID), default=None, help="Only this agenda item (id)."
)
@click.option("--public", "public_only", is_flag=True, help="Only published, public material (what citizens see).")
@click.option(
    "--limit", type=click.IntRange(1, MAX_RESULTS), default=20, show_default=True, help="Most results to show."
)
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
@click.option("--group", is_flag=True, help="With --json: group results by meeting.")
@click.pass_context
def search(
    ctx, query, db, mode, speaker, faction, body, date_from, date_to, agenda_item_id, public_only, limit, as_json, group
):
    """Search the transcripts by keyword and meaning ('gebühren' finds 'Müllgebühren')."""
    from protokoll.archive import open_database
    from protokoll.archive.search import search as run_search
    from protokoll.embeddings import TextEmbedder
    from protokoll.services import check_period

    check_period(date_from, date_to, ("--from", "--to"))  # before the sentence encoder loads
    filters = _filters(
        public_only,
        speaker=speaker,
        faction=faction,
        body=body,
        date_from=date_from,
        date_to=date_to,
        agenda_item_id=agenda_item_id,
    )
    embedder = TextEmbedder() if mode != "keyword" else None
    hits = run_search(
        open_database(_settings(ctx, db).database), query, filters, mode=mode, limit=limit, embedder=embedder
    )
    _print_hits(hits, as_json, group)


@cli.command()
@click.argument("utterance_id", type=UTTERANCE_ID)
@db_option
@click.option("--public", "public_only", is_flag=True, help="Only published, public material.")
@click.option(
    "--limit", type=click.IntRange(1, MAX_RESULTS), default=10, show_default=True, help="Most results to show."
)
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
@click.pass_context
def similar(ctx, utterance_id, db, public_only, limit, as_json):
    """More like this: statements on the same topic as one utterance, in other meetings."""
    from protokoll.archive import open_database
    from protokoll.archive.search import more_like_this

    hits = more_like_this(open_database(_settings(ctx, db).database), utterance_id, _filters(public_only), limit)
    _print_hits(hits, as_json, False)


@cli.command()
@db_option
@click.pass_context
def reindex(ctx, db):
    """Rebuild the keyword index and every utterance's meaning vector."""
    count = _services(ctx, db).reindex()
    click.echo(f"reindexed {count} utterances", err=True)


@cli.command()
@click.argument("utterance_id", type=UTTERANCE_ID)
@click.argument("text")
@db_option
@actor_option
@click.pass_context
def correct(ctx, utterance_id, text, db, actor):
    """Replace an utterance's text (audited); search, summaries and public files follow."""
    _services(ctx, db).correct(utterance_id, text, actor)
    click.echo(f"utterance {utterance_id} corrected; summaries are drafts again", err=True)


@cli.command()
@click.argument("utterance_id", type=UTTERANCE_ID)
@click.argument("label")
@db_option
@actor_option
@click.pass_context
def reassign(ctx, utterance_id, label, db, actor):
    """Give one utterance to speaker LABEL of its meeting (diarization put it with the wrong voice); audited."""
    _services(ctx, db).reassign_utterance(utterance_id, label, actor)
    click.echo(f"utterance {utterance_id} now with {label}; summaries are drafts again", err=True)


@cli.command()
@click.argument("meeting_id", type=MEETING_ID)
@db_option
@click.option("--rename", nargs=2, multiple=True, metavar="LABEL NAME", help="Give speaker LABEL a name (repeatable).")
@click.option(
    "--faction", nargs=2, multiple=True, metavar="LABEL FACTION", help="With --rename: the named person's faction."
)
@actor_option
@click.pass_context
def speakers(ctx, meeting_id, db, rename, faction, actor):
    """List a meeting's speakers, or name them: --rename SPEAKER_00 'Petra Hoffmann' --faction SPEAKER_00 SPD."""
    from protokoll.archive import load_meeting

    services = _services(ctx, db)
    factions = dict(faction)
    unknown = set(factions) - {label for label, _ in rename}
    if unknown:
        raise InputError(f"--faction {sorted(unknown)[0]} needs a --rename of the same label")
    for label, name in rename:
        services.name_speaker(meeting_id, label, name, factions.get(label), actor)
    bundle = load_meeting(services.db(), meeting_id)
    counts: dict[int, float] = {}
    for u in bundle.utterances:
        counts[u.speaker_id] = counts.get(u.speaker_id, 0.0) + u.end - u.start
    for s in bundle.speakers:
        source = f"erkannt {s.voice_score:.2f}" if s.name_source == "voice" else (s.name_source or "-")
        if s.voice_consistency is not None and s.voice_consistency < MIN_CONSISTENCY:
            source += f"\tmehrere Stimmen? ({s.voice_consistency:.0%} eine Stimme)"
        click.echo(f"{s.label}\t{s.name or '-'}\t{s.faction or '-'}\t{counts.get(s.id, 0.0):.0f} s\t{source}")


@cli.command()
@click.argument("meeting_id", type=MEETING_ID, required=False)
@db_option
@click.option("--body", default=None, help="Over the meetings of this body (instead of one meeting).")
@click.option("--from", "date_from", default=None, help="Only meetings on or after this date (YYYY-MM-DD).")
@click.option("--to", "date_to", default=None, help="Only meetings on or before this date (YYYY-MM-DD).")
@click.option("--public", "public_only", is_flag=True, help="Only published, public material (what citizens see).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def stats(ctx, meeting_id, db, body, date_from, date_to, public_only, as_json):
    """Speaking time per person and per faction: of one meeting, or of a body's meetings over a period."""
    from protokoll.archive import speaking_time, speaking_time_by_faction
    from protokoll.services import check_period

    if meeting_id is None and not body:
        raise InputError("give a MEETING_ID or --body (with --from/--to for a period)")
    date_from, date_to = check_period(date_from, date_to, ("--from", "--to"))
    rows = speaking_time(_services(ctx, db).db(), meeting_id, body, date_from, date_to, public_only)
    factions = speaking_time_by_faction(rows)
    if as_json:
        click.echo(json.dumps({"persons": rows, "factions": factions}, ensure_ascii=False, indent=2))
        return
    total = sum(r["seconds"] for r in rows) or 1.0
    for r in rows:
        click.echo(f"{r['speaker']}\t{r['faction'] or '-'}\t{r['seconds'] / 60:.1f} min\t"
                   f"{100 * r['seconds'] / total:.0f} %\t{r['utterances']} Beiträge")  # fmt: skip
    click.echo("")
    for f in factions:
        share = 100 * f["seconds"] / total
        click.echo(f"{f['faction'] or 'ohne Fraktion'}\t{f['seconds'] / 60:.1f} min\t{share:.0f} %")


@cli.group()
def members() -> None:
    """A body's persons, factions and memberships (for names, factions and the voice register)."""


@members.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--body", required=True, help="The body the members belong to, e.g. 'Rat der Stadt Essen'.")
@db_option
@actor_option
@click.pass_context
def members_import(ctx, path, body, db, actor):
    """Import members from a CSV (name, faction, role, start_date, end_date, …) or OParl Person/Membership JSON."""
    counts = _services(ctx, db).import_members(path, body, actor)
    click.echo(
        f"{counts['persons']} persons, {counts['organizations']} organizations, {counts['memberships']} memberships",
        err=True,
    )


@members.command("list")
@click.argument("body")
@click.option("--date", "date_", default=None, help="Members on this date (YYYY-MM-DD) first, with the faction then.")
@db_option
@click.pass_context
def members_list(ctx, body, date_, db):
    """List a body's members: person id, name, faction, role, and whether a member on --date."""
    from protokoll.archive import body_id, members_of
    from protokoll.services import check_date

    database = _services(ctx, db).db()
    for m in members_of(database, body_id(database, body), check_date(date_)):
        current = "" if m.current else "\t(nicht Mitglied an diesem Tag)"
        click.echo(f"{m.person_id}\t{m.name}\t{m.faction or '-'}\t{m.role or '-'}{current}")


@cli.command()
@click.argument("meeting_id", type=MEETING_ID)
@db_option
@click.option("--refresh", is_flag=True, help="Compute the suggestions anew (e.g. after importing members).")
@click.option("--all", "show_all", is_flag=True, help="Also the confirmed, rejected and replaced ones.")
@actor_option
@click.pass_context
def suggestions(ctx, meeting_id, db, refresh, show_all, actor):
    """List name suggestions for a meeting's speakers: from the voice register and from the chair's words."""
    from protokoll.archive import suggestions as stored_suggestions

    services = _services(ctx, db)
    if refresh:
        services.recognise_speakers(meeting_id, actor)
    for g in stored_suggestions(services.db(), meeting_id, open_only=not show_all):
        how = f"Stimme {g.score:.2f}" if g.source == "voice" else g.source
        said = f"\t[{clock(g.start)}] „{g.evidence}“" if g.evidence else ""
        click.echo(f"{g.id}\t{g.label}\t{g.name}\t{how}\t{g.status}{said}")


@cli.command()
@click.argument("suggestion_id", type=SUGGESTION_ID)
@db_option
@actor_option
@click.pass_context
def confirm(ctx, suggestion_id, db, actor):
    """Confirm a name suggestion: the speaker is named, and (register on) the voice joins the person's prints."""
    g = _services(ctx, db).decide_suggestion(suggestion_id, True, actor)
    click.echo(f"{g.label} of meeting {g.meeting_id} is {g.name}", err=True)


@cli.command()
@click.argument("suggestion_id", type=SUGGESTION_ID)
@db_option
@actor_option
@click.pass_context
def reject(ctx, suggestion_id, db, actor):
    """Reject a name suggestion; a name the register gave automatically is removed from the speaker."""
    g = _services(ctx, db).decide_suggestion(suggestion_id, False, actor)
    click.echo(f"{g.label} of meeting {g.meeting_id} is not {g.name}", err=True)


@cli.group()
def voices() -> None:
    """The voice register: biometric voice prints of named speakers, per body, off until enabled."""


@voices.command("enable")
@click.argument("body")
@db_option
@actor_option
@click.pass_context
def voices_enable(ctx, body, db, actor):
    """Switch the voice register on for BODY: names a clerk gives store the speaker's voice print from now on."""
    _services(ctx, db).set_voice_register(body, True, actor)
    click.echo(f"voice register on for {body}", err=True)


@voices.command("disable")
@click.argument("body")
@db_option
@actor_option
@click.pass_context
def voices_disable(ctx, body, db, actor):
    """Switch the voice register off for BODY and delete all of its voice prints."""
    deleted = _services(ctx, db).set_voice_register(body, False, actor)
    click.echo(f"voice register off for {body}; {deleted} voice prints deleted", err=True)


@voices.command("delete")
@click.argument("person_id", type=PERSON_ID)
@db_option
@actor_option
@click.pass_context
def voices_delete(ctx, person_id, db, actor):
    """Delete every voice print of a person (see `members list` for ids)."""
    deleted = _services(ctx, db).delete_voice_prints(person_id, actor)
    click.echo(f"{deleted} voice prints of person {person_id} deleted", err=True)


@cli.command()
@click.argument("meeting_id", type=MEETING_ID)
@click.argument("label")
@click.argument("into")
@db_option
@actor_option
@click.pass_context
def merge(ctx, meeting_id, label, into, db, actor):
    """Give all of speaker LABEL's utterances to speaker INTO (one person split in two by diarization)."""
    moved = _services(ctx, db).merge_speakers(meeting_id, label, into, actor)
    click.echo(f"{moved} utterances moved from {label} to {into}", err=True)


@cli.command()
@click.argument("meeting_id", type=MEETING_ID)
@click.argument("merge_id", type=int, required=False)
@db_option
@actor_option
@click.pass_context
def unmerge(ctx, meeting_id, merge_id, db, actor):
    """List a meeting's merges of speakers with their ids; with MERGE_ID, undo that merge."""
    services = _services(ctx, db)
    if merge_id is not None:
        count = services.unmerge_speakers(meeting_id, merge_id, actor)
        click.echo(f"{count} utterances back with their speaker", err=True)
        return
    from protokoll.archive import speaker_merges

    for row in speaker_merges(services.db(), meeting_id):
        click.echo(f"{row['id']}\t{row['label']} -> {row['into_label']}\t{row['merged_by']}\t{row['merged_at']}")


@cli.command()
@click.argument("meeting_id", type=MEETING_ID)
@click.argument("start", type=float)
@click.argument("end", type=float)
@db_option
@actor_option
@click.pass_context
def hide(ctx, meeting_id, start, end, db, actor):
    """Mark the part of a meeting from START to END seconds non-public (left out of every public view)."""
    count = _services(ctx, db).hide_range(meeting_id, start, end, actor)
    click.echo(f"{count} utterances marked non-public", err=True)


@cli.command()
@click.argument("meeting_id", type=MEETING_ID)
@click.argument("range_id", type=click.IntRange(min=1), required=False)
@db_option
@actor_option
@click.pass_context
def unhide(ctx, meeting_id, range_id, db, actor):
    """List a meeting's non-public ranges with their ids; with RANGE_ID, make that range public again."""
    services = _services(ctx, db)
    if range_id is not None:
        count = services.show_range(meeting_id, range_id, actor)
        click.echo(f"{count} utterances public again", err=True)
        return
    from protokoll.archive import non_public_range_rows

    for row in non_public_range_rows(services.db(), meeting_id):
        click.echo(f"{row['id']}\t{clock(row['start'])}–{clock(row['end'])}\t{row['marked_by'] or ''}")


@cli.command()
@click.argument("meeting_id", type=MEETING_ID)
@db_option
@click.option("--unclear", is_flag=True, help="Only the votes whose result a clerk must decide.")
@click.pass_context
def votes(ctx, meeting_id, db, unclear):
    """List a meeting's votes with their ids, results and the sentence each was read from."""
    from protokoll.archive import load_meeting

    stored = load_meeting(_services(ctx, db).db(), meeting_id)
    numbers = {item.id: item.number for item in stored.agenda_items}
    for vote in stored.votes:
        if unclear and vote.result != UNCLEAR:
            continue
        decided = f" (entschieden von {vote.decided_by})" if vote.decided_by else ""
        click.echo(f"{vote.id}\tTOP {numbers.get(vote.agenda_item_id, '-')}\t[{clock(vote.start or 0)}]\t"
                   f"{vote_text(vote, 'de')}{decided}\n\t„{vote.evidence}“")  # fmt: skip


@cli.command()
@click.argument("vote_id", type=VOTE_ID)
@click.argument("result", metavar="RESULT", type=click.Choice(RESULTS))
@db_option
@actor_option
@click.pass_context
def decide(ctx, vote_id, result, db, actor):
    """Decide a vote's RESULT where the machine was unsure (or wrong); the summaries are rewritten with it."""
    meeting_id = _services(ctx, db).decide_vote(vote_id, result, actor)
    click.echo(f"vote {vote_id} of meeting {meeting_id}: {result}", err=True)


@cli.command("import-transcript")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.option(
    "--publish", is_flag=True, help="Approve and publish at once (only for transcripts already approved elsewhere)."
)
@click.option(
    "--agenda",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Agenda file (as for ingest); else the transcript's own 'agenda' key, else the chair's cues.",
)
@click.option(
    "--oparl-meeting",
    default=None,
    metavar="URL",
    help="The meeting in the council information system (OParl): its agenda (unless given otherwise), the date, "
    "body and place the transcript leaves open, and the expected participants; the meeting is linked to it.",
)
@actor_option
@click.pass_context
def import_transcript_command(ctx, path, db, publish, agenda, oparl_meeting, actor):
    """Store an existing transcript (JSON, see README) without audio and print its meeting id."""
    from protokoll.speech.transcript_import import read_transcript

    data = read_transcript(path)
    entries = read_agenda(agenda) if agenda else None
    oparl = _oparl_meeting(ctx, db, oparl_meeting) if oparl_meeting else None
    meeting_id = _services(ctx, db).import_transcript(data, entries, publish=publish, actor=actor, oparl=oparl)
    click.echo(meeting_id)


@cli.command("oparl-import")
@click.argument("url")
@click.option(
    "--body",
    default=None,
    help="Only the system's body of this name or short name; a system of one body is imported into the body "
    "of this name in the archive.",
)
@click.option("--full", is_flag=True, help="Read everything again, not only what changed since the last import.")
@db_option
@actor_option
@click.pass_context
def oparl_import_command(ctx, url, body, full, db, actor):
    """Import bodies, organizations, persons, memberships, meetings and agenda items from an OParl server (1.0, 1.1)."""
    report = _services(ctx, db).import_oparl(url, body, full=full, actor=actor)
    for name in report.bodies:
        since = report.since.get(name)
        click.echo(f"{name}: {'changes since ' + since if since else 'read in full'}")
    labels = {"Meeting": "meetings", "AgendaItem": "agenda items", "Person": "persons",
              "Organization": "organizations", "Membership": "memberships"}  # fmt: skip
    for kind, counts in report.counts.items():
        click.echo(f"  {labels[kind]}: {counts.new} new, {counts.updated} changed, {counts.unchanged} unchanged, "
                   f"{counts.deleted} deleted")  # fmt: skip
    members = report.members
    click.echo(f"  members lists: {members['persons']} persons, {members['organizations']} organizations, "
               f"{members['memberships']} memberships stored")  # fmt: skip
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)


@cli.command()
@click.argument("meeting_id", type=MEETING_ID)
@db_option
@actor_option
@click.pass_context
def translate(ctx, meeting_id, db, actor):
    """Add an English machine translation of a meeting's transcript (Whisper's translate task)."""
    count = _services(ctx, db).translate(meeting_id, actor)
    click.echo(f"{count} utterances translated into English")


@cli.command()
@db_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind; 0.0.0.0 exposes it to the network."
)
@click.option("--port", type=click.IntRange(1, 65535), default=7860, show_default=True, help="Port.")
@click.option(
    "--no-worker", is_flag=True, help="Do not process recordings in this process; workers elsewhere do (see worker)."
)
@click.pass_context
def serve(ctx, db, host, port, no_worker):
    """Start the web interface: reader and search for everyone, the workspace for clerks.

    The server also processes queued recordings, one at a time, unless --no-worker is given, and
    answers remote workers under worker/v1/ when a worker token is configured.
    """
    from protokoll.interfaces.web.app import serve as start

    settings = _settings(ctx, db)
    click.echo(f"Protokoll on http://{host}:{port} (database {settings.database})", err=True)
    start(settings, host, port, worker=not no_worker)


@cli.command()
@db_option
@click.option(
    "--server",
    default=None,
    metavar="URL",
    help="The archive's server (protokoll serve) when this worker runs on another machine; it then takes jobs "
    "from the Redis queue (queue_url) and reaches the archive only over HTTP, with the worker token.",
)
@click.option("--token", default=None, help="The worker token (default: worker_token, $PROTOKOLL_WORKER_TOKEN).")
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=None,
    help="CPU threads this worker may use (torch, CTranslate2, ONNX Runtime); default: cpu_threads, else all cores.",
)
@click.pass_context
def worker(ctx, db, server, token, threads):
    """Process queued recordings until stopped (Ctrl-C or SIGTERM gives the running job back to the queue)."""
    import logging
    import signal
    import threading

    from protokoll.processing.worker import Worker

    settings = _settings(ctx, db).replace(cpu_threads=threads)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("huey").setLevel(logging.WARNING)
    stop = threading.Event()
    for name in (signal.SIGINT, signal.SIGTERM):
        signal.signal(name, lambda *_: stop.set())
    process = Worker(settings, server=server, token=token)
    where = f"the archive at {server}" if server else f"the archive {settings.database}"
    click.echo(f"worker {process.ledger.worker} takes jobs from {process.queue.where} for {where}", err=True)
    process.run_until_stopped(stop)


@cli.command("add-clerk")
@click.argument("username")
@db_option
@click.password_option(help="The password (asked for if not given; at least 10 characters).")
@click.pass_context
def add_clerk_command(ctx, username, db, password):
    """Create or reset a clerk account for the web workspace (the password is stored hashed)."""
    from protokoll.archive import add_clerk

    add_clerk(_services(ctx, db).db(), username, password)
    click.echo(f"clerk {username} saved")


@cli.command()
@click.argument("meeting_id", type=MEETING_ID)
@db_option
@click.option(
    "--agenda",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Agenda file (as for ingest); default: the agenda stored with the meeting.",
)
@click.option(
    "--generator",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Local text-generation model (GGUF file or transformers folder) to rewrite plain-language texts; "
    "default: $PROTOKOLL_GENERATOR or none.",
)
@actor_option
@click.pass_context
def summarize(ctx, meeting_id, db, agenda, generator, actor):
    """Re-run agenda items, votes and summaries for a stored meeting (e.g. after corrections)."""
    from protokoll.minutes.generator import load_generator

    entries = read_agenda(agenda) if agenda else None
    model = load_generator(generator) if generator else None
    minutes = _services(ctx, db).summarize(meeting_id, entries, generator=model, actor=actor)
    _print_minutes(minutes)


def _print_minutes(minutes) -> None:
    for item in minutes.items:
        when = (
            clock(item.start) if item.start is not None
            else "Beginn nicht erkannt" if item.unrecognised
            else "nicht behandelt"
        )  # fmt: skip
        click.echo(f"TOP {item.number} [{when}] {item.title}")
        for vote in (v for v in minutes.votes if v.item_number == item.number):
            click.echo(f"    {vote_text(vote, 'de')}")
    rejected = [s for s in minutes.summaries if s.checks.get("generator", {}).get("accepted") is False]
    click.echo(f"{len(minutes.summaries)} summaries stored as drafts", err=True)
    for summary in rejected:
        click.echo(f"generator output rejected ({summary.kind}/{summary.language}): "
                   f"{summary.checks['generator']['reasons'][0]}", err=True)  # fmt: skip


@cli.command()
@click.argument("meeting_id", type=MEETING_ID)
@db_option
@click.option("--clerk", required=True, help="Name of the clerk who checked the summaries (for the audit table).")
@click.pass_context
def approve(ctx, meeting_id, db, clerk):
    """Approve a meeting's draft summaries after checking them."""
    count = _services(ctx, db).approve(meeting_id, clerk)
    click.echo(f"{count} summaries approved")


@cli.command()
@click.argument("meeting_id", type=MEETING_ID)
@db_option
@actor_option
@click.pass_context
def publish(ctx, meeting_id, db, actor):
    """Publish a meeting whose summaries are approved: the reader, search and public files show it."""
    folder = _services(ctx, db).publish(meeting_id, actor)
    click.echo(f"meeting {meeting_id} published; public files in {folder}", err=True)


@cli.command()
@click.argument("meeting_id", type=MEETING_ID)
@db_option
@actor_option
@click.pass_context
def withdraw(ctx, meeting_id, db, actor):
    """Withdraw a published meeting: it leaves the reader, search and the public files."""
    _services(ctx, db).withdraw(meeting_id, actor)
    click.echo(f"meeting {meeting_id} withdrawn", err=True)


@cli.command()
@db_option
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="Most jobs to show.")
@click.option("--cancel", "cancel_id", type=_Id(NotFoundError, "job"), default=None, help="Cancel this job.")
@click.option(
    "--retry", "retry_id", type=_Id(NotFoundError, "job"), default=None,
    help="Queue this failed or cancelled job again; it resumes from its checkpoints.",
)  # fmt: skip
@actor_option
@click.pass_context
def jobs(ctx, db, limit, cancel_id, retry_id, actor):
    """List the newest processing jobs with stage, progress and time left; cancel or retry one.

    A job whose worker died goes back to the queue and resumes from its last checkpoint.
    """
    from protokoll.archive import recent_jobs
    from protokoll.processing.status import STAGE_NAMES, remaining_text

    services = _services(ctx, db)
    if cancel_id is not None:
        services.cancel_job(cancel_id, actor)
        click.echo(f"job {cancel_id} cancelled", err=True)
    if retry_id is not None:
        services.retry_job(retry_id, actor)
        _job_queue(ctx, db).enqueue(retry_id)
        click.echo(f"job {retry_id} queued again", err=True)
    for job in recent_jobs(services.db(), limit):
        meeting = f" -> meeting {job['meeting_id']}" if job["meeting_id"] else ""
        error = f": {job['error']}" if job["error"] else ""
        stage = STAGE_NAMES.get(job["stage"], ("", job["stage"] or ""))[1]
        left = remaining_text(job, german=False)
        attempts = f"\tattempt {job['attempts']}" if (job["attempts"] or 0) > 1 else ""
        click.echo(f"{job['id']}\t{job['status']}\t{stage}\t{round(100 * (job['progress'] or 0))} %"
                   f"{chr(9) + left if left else ''}{attempts}\t{job['source']}{meeting}{error}")  # fmt: skip


def _job_queue(ctx, db):
    from protokoll.processing.queue import JobQueue

    return JobQueue(_settings(ctx, db))


@cli.command()
@db_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo-output"),
    show_default=True,
    help="Folder for the demo's database and exports.",
)
@click.pass_context
def demo(ctx, db, out):
    """Process the bundled sample session into a fresh database and write its exports."""
    settings = ctx.obj
    out.mkdir(parents=True, exist_ok=True)
    database = Path(db) if db else out / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    settings = settings.replace(db_path=database)
    reference = json.loads(SAMPLE.with_suffix(".json").read_text(encoding="utf-8"))
    agenda = read_agenda(SAMPLE.with_name("sample_session.agenda.txt"))
    terms = [s["name"] for s in reference["speakers"].values()]
    info = MeetingInfo(title=reference["title"], date=reference["date"], body=reference["body"], language="de")
    result = run_ingest(settings, SAMPLE, info, terms, agenda=agenda)
    from protokoll.archive import load_meeting, open_database
    from protokoll.publication import render, write_export

    bundle = load_meeting(open_database(database), result.meeting_id)
    for fmt in ("json", "vtt", "srt", "md", "docx", "pdf"):
        write_export(out / f"sample_session.{fmt}", render(bundle, fmt))
    for u in bundle.utterances:
        click.echo(f"[{clock(u.start)}] {u.speaker}: {u.text}")
    session = next(s for s in bundle.summaries if s.kind == "plain" and s.language == "de" and not s.agenda_item_id)
    click.echo("\nIn einfacher Sprache (Entwurf, vor Veröffentlichung zu prüfen):\n" + session.text)
    rtf = sum(result.seconds.values()) / result.duration
    click.echo(
        f"\nMeeting {result.meeting_id}: {len(result.speakers.speakers)} speakers, "
        f"{len(bundle.utterances)} utterances, "
        f"{len(bundle.agenda_items)} agenda items, {len(bundle.votes)} votes, real-time factor {rtf:.2f}. "
        f"Database: {database}; exports: {out}/sample_session.{{json,vtt,srt,md,docx,pdf}}",
        err=True,
    )


@cli.command()
@db_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the download (default: opendata/ in the data folder, the one `serve` offers).",
)
@click.pass_context
def opendata(ctx, db, out):
    """Write the bulk open-data download: everything public as SQLite, JSON Lines and both in one zip.

    Rebuilt only when the public data, the licence or public_url changed since the folder's last build.
    """
    from protokoll.opendata.bulk import refresh_bulk_download

    settings = _settings(ctx, db)
    download = refresh_bulk_download(_services(ctx, db).db(), settings, out)
    state = "written" if download.rebuilt else "up to date"
    licence = settings.open_data_license_url
    click.echo(f"open data {state} (built {download.generated_at}, licence {licence}):", err=True)
    for name, count in download.counts.items():
        click.echo(f"  {name}: {count}", err=True)
    for suffix in ("zip", "sqlite", "jsonl"):
        click.echo(download.path(suffix))


def main() -> None:
    """Entry point of the `protokoll` script."""
    cli(prog_name="protokoll")


if __name__ == "__main__":
    main()
