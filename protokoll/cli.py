"""The command line: ingest, export, search, speakers, demo. Every command has --help."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

import click

from .agenda import read_agenda
from .config import PROJECT_ROOT, Settings, load_settings
from .domain import MeetingInfo
from .errors import InputError, ProtokollError
from .text import clock

SAMPLE = PROJECT_ROOT / "samples" / "sample_session.flac"


def _settings(ctx: click.Context, db: str | None) -> Settings:
    settings: Settings = ctx.obj
    return settings.replace(db_path=Path(db) if db else None)


def _fail(error: ProtokollError) -> None:
    click.echo(f"Error: {error}", err=True)
    sys.exit(error.exit_code)


db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False),
    default=None,
    help="SQLite archive (default: $PROTOKOLL_DB_PATH or the data folder).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", type=click.Path(exists=True, dir_okay=False), default=None, help="Settings file (TOML).")
@click.version_option(package_name="protokoll")
@click.pass_context
def cli(ctx: click.Context, config: str | None) -> None:
    """Protokoll: council recordings to speaker-attributed, searchable transcripts, on local models."""
    try:
        ctx.obj = load_settings(Path(config) if config else None)
    except ProtokollError as error:
        _fail(error)


def _progress_printer(label: str):
    from .pipeline import overall_progress

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
    settings: Settings, audio: Path, info: MeetingInfo, vocabulary: list[str], quiet: bool = False, agenda=None
):
    """Ingest one recording with a progress bar; return the IngestResult."""
    from .pipeline import Pipeline
    from .store import open_database

    db = open_database(settings.database)
    report, close = (None, lambda: None) if quiet else _progress_printer("decode")
    try:
        return Pipeline(settings).ingest(db, audio, info, vocabulary=vocabulary, progress=report, agenda=agenda)
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
@click.option("--vocabulary", "-v", multiple=True, help="Name or term to help recognition (repeatable).")
@click.option("--min-speakers", type=int, default=None, help="At least this many speakers.")
@click.option("--max-speakers", type=int, default=None, help="At most this many speakers.")
@click.option("--non-public", is_flag=True, help="Mark the whole meeting as non-public.")
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
    vocabulary,
    min_speakers,
    max_speakers,
    non_public,
    quiet,
):
    """Process a recording into the archive and print the new meeting's id."""
    settings = _settings(ctx, db).replace(min_speakers=min_speakers, max_speakers=max_speakers)
    try:
        if date_:
            try:
                dt.date.fromisoformat(date_)
            except ValueError as error:
                raise InputError(f"--date {date_!r} is not a date of the form YYYY-MM-DD") from error
        if min_speakers and max_speakers and min_speakers > max_speakers:
            raise InputError("--min-speakers is larger than --max-speakers")
        entries = read_agenda(agenda) if agenda else None
        lang = settings.language if language is None else (None if language == "auto" else language)
        info = MeetingInfo(
            title=title or audio.stem,
            date=date_,
            body=body,
            place=place,
            language=lang,
            public=not non_public,
        )
        result = run_ingest(settings, audio, info, list(vocabulary), quiet=quiet, agenda=entries)
    except ProtokollError as error:
        _fail(error)
    click.echo(
        f"{len(result.utterances)} utterances, {len(result.speakers.speakers)} speakers, "
        f"{result.duration / 60:.1f} min of audio in {sum(result.seconds.values()) / 60:.1f} min",
        err=True,
    )
    click.echo(result.meeting_id)


@cli.command()
@click.argument("meeting_id", type=int)
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
    from .export import BINARY_FORMATS, render, write_export
    from .store import load_meeting, open_database

    try:
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
    except ProtokollError as error:
        _fail(error)


def _filters(public_only, **values):
    from .search import SearchFilters

    return SearchFilters(public_only=public_only, **values)


def _print_hits(hits, as_json: bool, group: bool) -> None:
    from .search import group_by_meeting

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
            click.echo(f"  {clock(hit.start)} {hit.speaker}: {hit.snippet}  {hit.link}")


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
@click.option("--item", "agenda_item_id", type=int, default=None, help="Only this agenda item (id).")
@click.option("--public", "public_only", is_flag=True, help="Only published, public material (what citizens see).")
@click.option("--limit", default=20, show_default=True, help="Most results to show.")
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
@click.option("--group", is_flag=True, help="With --json: group results by meeting.")
@click.pass_context
def search(
    ctx, query, db, mode, speaker, faction, body, date_from, date_to, agenda_item_id, public_only, limit, as_json, group
):
    """Search the transcripts by keyword and meaning ('gebühren' finds 'Müllgebühren')."""
    from .embeddings import TextEmbedder
    from .search import search as run_search
    from .store import open_database

    try:
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
    except ProtokollError as error:
        _fail(error)
    _print_hits(hits, as_json, group)


@cli.command()
@click.argument("utterance_id", type=int)
@db_option
@click.option("--public", "public_only", is_flag=True, help="Only published, public material.")
@click.option("--limit", default=10, show_default=True, help="Most results to show.")
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
@click.pass_context
def similar(ctx, utterance_id, db, public_only, limit, as_json):
    """More like this: statements on the same topic as one utterance, in other meetings."""
    from .search import more_like_this
    from .store import open_database

    try:
        hits = more_like_this(open_database(_settings(ctx, db).database), utterance_id, _filters(public_only), limit)
    except ProtokollError as error:
        _fail(error)
    _print_hits(hits, as_json, False)


@cli.command()
@db_option
@click.pass_context
def reindex(ctx, db):
    """Rebuild the keyword index and every utterance's meaning vector."""
    from .embeddings import TextEmbedder
    from .store import open_database
    from .store import reindex as rebuild

    try:
        count = rebuild(open_database(_settings(ctx, db).database), TextEmbedder())
    except ProtokollError as error:
        _fail(error)
    click.echo(f"reindexed {count} utterances", err=True)


@cli.command()
@click.argument("utterance_id", type=int)
@click.argument("text")
@db_option
@click.pass_context
def correct(ctx, utterance_id, text, db):
    """Replace an utterance's text (audited; search follows at once)."""
    from .embeddings import TextEmbedder
    from .store import correct_utterance, open_database

    try:
        correct_utterance(
            open_database(_settings(ctx, db).database),
            utterance_id,
            text,
            actor=os.environ.get("USER", "cli"),
            embedder=TextEmbedder(),
        )
    except ProtokollError as error:
        _fail(error)


@cli.command()
@click.argument("meeting_id", type=int)
@db_option
@click.option("--rename", nargs=2, multiple=True, metavar="LABEL NAME", help="Give speaker LABEL a name (repeatable).")
@click.pass_context
def speakers(ctx, meeting_id, db, rename):
    """List a meeting's speakers, or name them with --rename SPEAKER_00 'Petra Hoffmann'."""
    from .store import load_meeting, open_database, rename_speaker

    try:
        database = open_database(_settings(ctx, db).database)
        for label, name in rename:
            rename_speaker(database, meeting_id, label, name, actor=os.environ.get("USER", "cli"))
        bundle = load_meeting(database, meeting_id)
    except ProtokollError as error:
        _fail(error)
    counts: dict[int, float] = {}
    for u in bundle["utterances"]:
        counts[u["speaker_id"]] = counts.get(u["speaker_id"], 0.0) + u["end"] - u["start"]
    for s in bundle["speakers"]:
        click.echo(f"{s['label']}\t{s['name'] or '-'}\t{counts.get(s['id'], 0.0):.0f} s")


@cli.command("import-transcript")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.option("--publish", is_flag=True, help="Publish at once (only for transcripts already approved elsewhere).")
@click.option(
    "--agenda",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Agenda file (as for ingest); else the transcript's own 'agenda' key, else the chair's cues.",
)
@click.pass_context
def import_transcript_command(ctx, path, db, publish, agenda):
    """Store an existing transcript (JSON, see README) without audio and print its meeting id."""
    from .embeddings import TextEmbedder
    from .store import open_database, optimize_search_index
    from .transcript_import import import_transcript, read_transcript

    try:
        data = read_transcript(path)
        archive = open_database(_settings(ctx, db).database)
        meeting_id = import_transcript(
            archive,
            data,
            TextEmbedder(),
            status="published" if publish else "draft",
            agenda=read_agenda(agenda) if agenda else None,
        )
        optimize_search_index(archive)
    except ProtokollError as error:
        _fail(error)
    click.echo(meeting_id)


@cli.command()
@click.argument("meeting_id", type=int)
@db_option
@click.pass_context
def translate(ctx, meeting_id, db):
    """Add an English machine translation of a meeting's transcript (Whisper's translate task)."""
    from .pipeline import Pipeline
    from .store import open_database
    from .translation import translate_meeting

    settings = _settings(ctx, db)
    try:
        count = translate_meeting(open_database(settings.database), meeting_id, Pipeline(settings).transcriber)
    except ProtokollError as error:
        _fail(error)
    click.echo(f"{count} utterances translated into English")


@cli.command()
@db_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind; 0.0.0.0 exposes it to the network."
)
@click.option("--port", type=int, default=7860, show_default=True, help="Port.")
@click.pass_context
def serve(ctx, db, host, port):
    """Start the web interface: reader and search for everyone, the workspace for clerks."""
    from .web import serve as start

    settings = _settings(ctx, db)
    click.echo(f"Protokoll on http://{host}:{port} (database {settings.database})", err=True)
    start(settings, host, port)


@cli.command("add-clerk")
@click.argument("username")
@db_option
@click.password_option(help="The password (asked for if not given; at least 10 characters).")
@click.pass_context
def add_clerk_command(ctx, username, db, password):
    """Create or reset a clerk account for the web workspace (the password is stored hashed)."""
    from .accounts import add_clerk
    from .store import open_database

    try:
        add_clerk(open_database(_settings(ctx, db).database), username, password)
    except ProtokollError as error:
        _fail(error)
    click.echo(f"clerk {username} saved")


@cli.command()
@click.argument("meeting_id", type=int)
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
@click.pass_context
def summarize(ctx, meeting_id, db, agenda, generator):
    """Re-run agenda items, votes and summaries for a stored meeting (e.g. after corrections)."""
    from .embeddings import TextEmbedder
    from .generator import load_generator
    from .minutes import summarize_meeting
    from .store import open_database

    settings = _settings(ctx, db)
    try:
        model = load_generator(generator or settings.generator) if (generator or settings.generator) else None
        minutes = summarize_meeting(
            open_database(settings.database),
            meeting_id,
            TextEmbedder(),
            read_agenda(agenda) if agenda else None,
            generator=model,
            actor="cli",
        )
    except ProtokollError as error:
        _fail(error)
    for item in minutes.items:
        when = clock(item.start) if item.start is not None else "nicht behandelt"
        click.echo(f"TOP {item.number} [{when}] {item.title}")
        for vote in (v for v in minutes.votes if v.item_number == item.number):
            counts = "/".join("-" if n is None else str(n) for n in (vote.yes, vote.no, vote.abstain))
            click.echo(f"    {vote.motion}: {vote.result} ({counts}{', einstimmig' if vote.unanimous else ''})")
    rejected = [s for s in minutes.summaries if s.checks.get("generator", {}).get("accepted") is False]
    click.echo(f"{len(minutes.summaries)} summaries stored as drafts", err=True)
    for summary in rejected:
        click.echo(f"generator output rejected ({summary.kind}/{summary.language}): "
                   f"{summary.checks['generator']['reasons'][0]}", err=True)  # fmt: skip


@cli.command()
@click.argument("meeting_id", type=int)
@db_option
@click.option("--clerk", required=True, help="Name of the clerk who checked the summaries (for the audit table).")
@click.pass_context
def approve(ctx, meeting_id, db, clerk):
    """Approve a meeting's draft summaries after checking them."""
    from .store import approve_summaries, open_database

    try:
        count = approve_summaries(open_database(_settings(ctx, db).database), meeting_id, clerk)
    except ProtokollError as error:
        _fail(error)
    click.echo(f"{count} summaries approved")


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
    try:
        result = run_ingest(settings, SAMPLE, info, terms, agenda=agenda)
        from .export import render, write_export
        from .store import load_meeting, open_database

        bundle = load_meeting(open_database(database), result.meeting_id)
        for fmt in ("json", "vtt", "srt", "md", "docx", "pdf"):
            write_export(out / f"sample_session.{fmt}", render(bundle, fmt))
    except ProtokollError as error:
        _fail(error)
    for u in bundle["utterances"]:
        click.echo(f"[{clock(u['start'])}] {u['speaker']}: {u['text']}")
    session = next(
        s for s in bundle["summaries"] if s["kind"] == "plain" and s["language"] == "de" and not s["agenda_item_id"]
    )
    click.echo("\nIn einfacher Sprache (Entwurf, vor Veröffentlichung zu prüfen):\n" + session["text"])
    rtf = sum(result.seconds.values()) / result.duration
    click.echo(
        f"\nMeeting {result.meeting_id}: {len(result.speakers.speakers)} speakers, "
        f"{len(bundle['utterances'])} utterances, "
        f"{len(bundle['agenda_items'])} agenda items, {len(bundle['votes'])} votes, real-time factor {rtf:.2f}. "
        f"Database: {database}; exports: {out}/sample_session.{{json,vtt,srt,md,docx,pdf}}",
        err=True,
    )


def main() -> None:
    """Entry point of the `protokoll` script."""
    cli(prog_name="protokoll")


if __name__ == "__main__":
    main()
