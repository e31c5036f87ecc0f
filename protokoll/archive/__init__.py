"""The archive: every read and write of the SQLite database, and the one rule of what the public sees.

No SQL is written outside this package. Modules: `schema` (migrations, audit), `meetings`,
`people` (speakers and persons), `minutes` (items, votes, summaries), `transcripts` (text,
translations, indexes), `visibility` (the public rule; publish, withdraw, non-public ranges),
`jobs` (the processing ledger), `clerks` (accounts), `search`, `members` (persons, organizations and
dated memberships of a body), `voices` (the voice register and name suggestions), `bulk` (what the
open-data download reads).
"""

from protokoll.archive.bulk import PublicDirectory, public_data_state, public_directory, public_meeting_stamps
from protokoll.archive.clerks import add_clerk, close_session, open_session, session_clerk, verify_clerk
from protokoll.archive.jobs import fail_abandoned_jobs, finish_job, recent_jobs, start_job, update_job
from protokoll.archive.meetings import (
    find_recording,
    load_meeting,
    meeting_body_and_date,
    meeting_ids,
    recording_of,
    save_meeting,
    speaker_spans,
)
from protokoll.archive.members import (
    Member,
    body_id,
    body_memberships,
    import_directory,
    members_of,
    rename_person,
)
from protokoll.archive.minutes import approve_summaries, decide_vote, save_minutes, vote_decisions
from protokoll.archive.people import (
    assign_person,
    known_names,
    link_speakers,
    merge_speakers,
    rename_speaker,
    speaking_time,
    speaking_time_by_faction,
)
from protokoll.archive.schema import open_database
from protokoll.archive.transcripts import (
    correct_utterance,
    meeting_of_utterance,
    optimize_search_index,
    reindex,
    save_translations,
)
from protokoll.archive.visibility import (
    list_meetings,
    mark_non_public,
    non_public_ranges,
    public_meeting,
    set_publication,
)
from protokoll.archive.voices import (
    Suggestion,
    apply_voice_name,
    decide_suggestion,
    delete_voice_prints,
    person_name,
    register_voice,
    registered_prints,
    save_suggestions,
    set_voice_register,
    settle_suggestions,
    speaker_voices,
    suggestions,
    turns_by_label,
    voice_register_enabled,
)

__all__ = [
    "PublicDirectory",
    "public_data_state",
    "public_directory",
    "public_meeting_stamps",
    "Member",
    "meeting_body_and_date",
    "speaker_spans",
    "speaking_time",
    "speaking_time_by_faction",
    "Suggestion",
    "apply_voice_name",
    "body_id",
    "decide_suggestion",
    "delete_voice_prints",
    "import_directory",
    "members_of",
    "body_memberships",
    "rename_person",
    "register_voice",
    "registered_prints",
    "save_suggestions",
    "person_name",
    "set_voice_register",
    "settle_suggestions",
    "speaker_voices",
    "suggestions",
    "turns_by_label",
    "voice_register_enabled",
    "add_clerk",
    "approve_summaries",
    "decide_vote",
    "vote_decisions",
    "assign_person",
    "correct_utterance",
    "fail_abandoned_jobs",
    "find_recording",
    "finish_job",
    "known_names",
    "link_speakers",
    "list_meetings",
    "load_meeting",
    "mark_non_public",
    "non_public_ranges",
    "meeting_ids",
    "meeting_of_utterance",
    "merge_speakers",
    "open_database",
    "optimize_search_index",
    "public_meeting",
    "recent_jobs",
    "recording_of",
    "reindex",
    "rename_speaker",
    "save_meeting",
    "save_minutes",
    "save_translations",
    "set_publication",
    "start_job",
    "update_job",
    "verify_clerk",
    "open_session",
    "session_clerk",
    "close_session",
]
