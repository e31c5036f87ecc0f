"""Speech in: decode a recording, transcribe, diarize, attribute words to speakers; pure stages, no database."""
