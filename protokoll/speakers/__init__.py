"""Who is speaking: a body's members (`directory`), names the chair says (`floor`), and the voice register's
decision (`voices`); computed from plain data, no database."""
