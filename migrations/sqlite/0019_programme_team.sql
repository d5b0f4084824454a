-- The programme's own team (issue 18): a programme administrator invites Programme reviewers,
-- deactivates and reactivates them, and names other administrators. Equivalent to
-- migrations/postgres/0019_programme_team.sql.

-- A reviewer who also runs the programme's team. Every reviewer there was before could do all a
-- reviewer could, so each becomes an administrator: someone must be able to invite the next.
ALTER TABLE users ADD COLUMN programme_admin INTEGER NOT NULL DEFAULT 0 CHECK (programme_admin IN (0, 1));
UPDATE users SET programme_admin = 1 WHERE role = 'programme_reviewer';

-- Who changed what of which reviewer, when (the partners' changes are in team_audit).
CREATE TABLE programme_audit (
    id              INTEGER PRIMARY KEY,
    actor_user_id   INTEGER NOT NULL REFERENCES users(id),
    target_user_id  INTEGER NOT NULL REFERENCES users(id),
    change          TEXT NOT NULL CHECK (change IN ('invited', 'invitation_resent', 'invitation_revoked',
                        'deactivated', 'reactivated', 'administrator')),
    before_value    TEXT NOT NULL,
    after_value     TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX programme_audit_at ON programme_audit (created_at);
