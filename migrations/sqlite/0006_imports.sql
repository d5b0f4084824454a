-- The programme's CSV imports of directory and eligibility data: who loaded which file, and
-- what it changed. Written in the import's own transaction (as its first statement, which on
-- SQLite takes the write lock at once), so a refused file leaves no trace here either.
-- Equivalent to migrations/postgres/0006_imports.sql.

CREATE TABLE imports (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('eligibility', 'tenants', 'tpids', 'subscriptions', 'opportunities')),
    file_name    TEXT NOT NULL,
    row_count    INTEGER NOT NULL CHECK (row_count >= 0),
    inserted     INTEGER NOT NULL CHECK (inserted >= 0),
    updated      INTEGER NOT NULL CHECK (updated >= 0),
    imported_by  INTEGER NOT NULL REFERENCES users(id),
    at           INTEGER NOT NULL
);
CREATE INDEX imports_at ON imports (at, id);
