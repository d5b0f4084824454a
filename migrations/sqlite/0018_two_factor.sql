-- Two-factor authentication (issue 18): a user's TOTP secret (RFC 6238) and one-time recovery
-- codes, and a partner's rule that its whole team uses it. Equivalent to
-- migrations/postgres/0018_two_factor.sql.

-- One authenticator per user. Unconfirmed (confirmed_at NULL) while the user is setting it up:
-- it counts only once a code from it has been entered. last_step is the RFC 6238 time step of the
-- last code accepted: a code is accepted once, and never one older than it.
CREATE TABLE user_totp (
    user_id       INTEGER PRIMARY KEY REFERENCES users(id),
    secret        TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    confirmed_at  INTEGER,
    last_step     INTEGER NOT NULL DEFAULT 0
);

-- Ten codes given once when the authenticator is confirmed; only their SHA-256 is kept, and each
-- is used once.
CREATE TABLE recovery_codes (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    code_hash   TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    used_at     INTEGER,
    UNIQUE (user_id, code_hash)
);

ALTER TABLE partners ADD COLUMN require_two_factor INTEGER NOT NULL DEFAULT 0
    CHECK (require_two_factor IN (0, 1));

-- The audit list keeps the team rule and an administrator's reset of a colleague's
-- authenticator. Rebuilt for the widened CHECK.
CREATE TABLE team_audit_new (
    id              INTEGER PRIMARY KEY,
    partner_id      INTEGER NOT NULL REFERENCES partners(id),
    actor_user_id   INTEGER NOT NULL REFERENCES users(id),
    target_user_id  INTEGER NOT NULL REFERENCES users(id),
    change          TEXT NOT NULL CHECK (change IN ('role', 'locations', 'deactivated', 'reactivated',
                        'invited', 'invitation_resent', 'invitation_revoked',
                        'two_factor_required', 'two_factor_reset')),
    before_value    TEXT NOT NULL,
    after_value     TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
INSERT INTO team_audit_new SELECT id, partner_id, actor_user_id, target_user_id, change,
    before_value, after_value, created_at FROM team_audit;
DROP TABLE team_audit;
ALTER TABLE team_audit_new RENAME TO team_audit;
CREATE INDEX team_audit_partner ON team_audit (partner_id, created_at);
