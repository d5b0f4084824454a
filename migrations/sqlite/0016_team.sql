-- The partner's own team (issue 18): its administrator changes its users' roles and locations,
-- and deactivates or reactivates them; every change is kept. Equivalent to
-- migrations/postgres/0016_team.sql.

-- A deactivated user can neither sign in nor use a session it had: the user is loaded on every
-- request, and one with deactivated_at set is no one.
ALTER TABLE users ADD COLUMN deactivated_at INTEGER;
ALTER TABLE users ADD COLUMN last_sign_in_at INTEGER;

-- Bumped as the first statement of every team change: the changes of one partner's team take
-- turns (a row lock on PostgreSQL, the write lock on SQLite), so two administrators demoting each
-- other at once cannot leave the team without one.
ALTER TABLE partners ADD COLUMN team_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE team_audit (
    id              INTEGER PRIMARY KEY,
    partner_id      INTEGER NOT NULL REFERENCES partners(id),
    actor_user_id   INTEGER NOT NULL REFERENCES users(id),
    target_user_id  INTEGER NOT NULL REFERENCES users(id),
    change          TEXT NOT NULL CHECK (change IN ('role', 'locations', 'deactivated', 'reactivated')),
    before_value    TEXT NOT NULL,
    after_value     TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX team_audit_partner ON team_audit (partner_id, created_at);
