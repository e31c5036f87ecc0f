"""Processing recordings as jobs that survive their workers.

Modules: `codec` (what travels between the archive and a worker, as JSON), `runner` (one job on a
worker: lease, heartbeat, checkpoints), `ledger` (the ledger for a worker on the archive's machine),
`remote` (the same over HTTP, for workers elsewhere), `queue` (Huey: SQLite or Redis, and the
sweeper that queues dead workers' jobs again), `worker` (a worker process and its thread budget),
`status` (how a job's state reads for people).
"""
