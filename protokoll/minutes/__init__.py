"""The minutes stage: agenda items, votes, summaries and their fact check, computed from utterances; no database."""
