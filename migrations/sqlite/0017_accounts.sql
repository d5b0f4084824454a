-- Accounts a partner runs itself (issue 18): an administrator invites a colleague, who sets a
-- password from the e-mailed link; anyone resets a forgotten password the same way. Equivalent
-- to migrations/postgres/0017_accounts.sql.

-- Set while the colleague has not accepted the invitation: such a user cannot sign in (its
-- password_hash holds no hash until then).
ALTER TABLE users ADD COLUMN invited_at INTEGER;

-- The single-use links: an invitation (7 days) or a password reset (1 hour). The token itself is
-- minted when the e-mail is sent and only its SHA-256 is kept; a newer link of the same purpose
-- revokes the older ones.
CREATE TABLE account_tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    purpose     TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    token_hash  TEXT UNIQUE,
    created_by  INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER,
    revoked_at  INTEGER
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose, created_at);

-- The outbox carries the account e-mails too (kind 'account', rendered when sent, since the link
-- is minted then). Rebuilt for the widened CHECK, with the same columns, rows and indexes.
CREATE TABLE outbox_new (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('consent_request', 'notification', 'digest', 'account')),
    consent_request_id  INTEGER REFERENCES consent_requests(id),
    to_address          TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'dropped')),
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     INTEGER NOT NULL,
    locked_by           TEXT,
    locked_until        INTEGER,
    last_error          TEXT,
    created_at          INTEGER NOT NULL,
    sent_at             INTEGER,
    last_problem        TEXT,
    to_name             TEXT,
    subject             TEXT,
    body_text           TEXT,
    body_html           TEXT,
    account_token_id    INTEGER REFERENCES account_tokens(id)
);
INSERT INTO outbox_new (id, kind, consent_request_id, to_address, status, attempts, next_attempt_at,
        locked_by, locked_until, last_error, created_at, sent_at, last_problem, to_name, subject,
        body_text, body_html)
    SELECT id, kind, consent_request_id, to_address, status, attempts, next_attempt_at,
        locked_by, locked_until, last_error, created_at, sent_at, last_problem, to_name, subject,
        body_text, body_html
    FROM outbox;
CREATE TABLE outbox_attempts_new (
    id          INTEGER PRIMARY KEY,
    outbox_id   INTEGER NOT NULL REFERENCES outbox_new(id),
    at          INTEGER NOT NULL,
    instance    TEXT NOT NULL,
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
    error       TEXT
);
INSERT INTO outbox_attempts_new (id, outbox_id, at, instance, ok, error)
    SELECT id, outbox_id, at, instance, ok, error FROM outbox_attempts;
DROP TABLE outbox_attempts;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
ALTER TABLE outbox_attempts_new RENAME TO outbox_attempts;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_request ON outbox (consent_request_id);
CREATE INDEX outbox_attempts_outbox ON outbox_attempts (outbox_id, id);

-- The audit list keeps invitations too. Rebuilt for the widened CHECK.
CREATE TABLE team_audit_new (
    id              INTEGER PRIMARY KEY,
    partner_id      INTEGER NOT NULL REFERENCES partners(id),
    actor_user_id   INTEGER NOT NULL REFERENCES users(id),
    target_user_id  INTEGER NOT NULL REFERENCES users(id),
    change          TEXT NOT NULL CHECK (change IN ('role', 'locations', 'deactivated', 'reactivated',
                        'invited', 'invitation_resent', 'invitation_revoked')),
    before_value    TEXT NOT NULL,
    after_value     TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
INSERT INTO team_audit_new SELECT id, partner_id, actor_user_id, target_user_id, change,
    before_value, after_value, created_at FROM team_audit;
DROP TABLE team_audit;
ALTER TABLE team_audit_new RENAME TO team_audit;
CREATE INDEX team_audit_partner ON team_audit (partner_id, created_at);
