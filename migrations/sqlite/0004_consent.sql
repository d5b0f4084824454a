-- Customer consent: each e-mail asking for it, the outbox that delivers it, every delivery
-- attempt, and (development only) the mailbox that stands in for SMTP.
-- Equivalent to migrations/postgres/0004_consent.sql.

-- One request for consent per e-mail sent (the first, then each re-send). Only the newest of a
-- claim is usable: a re-send revokes the one before. The link's token is never stored, only its
-- SHA-256; it is made when the e-mail is delivered, so the outbox never holds it either.
CREATE TABLE consent_requests (
    id              INTEGER PRIMARY KEY,
    claim_id        INTEGER NOT NULL REFERENCES claims(id),
    kind            TEXT NOT NULL CHECK (kind IN ('send', 'resend')),
    token_hash      TEXT UNIQUE,
    to_address      TEXT NOT NULL,
    language        TEXT NOT NULL CHECK (language IN ('en', 'fr')),
    requested_by    INTEGER REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    -- The claim's consent deadline: the link works until then.
    expires_at      INTEGER NOT NULL,
    revoked_at      INTEGER,
    decided_at      INTEGER,
    decision        TEXT CHECK (decision IN ('accepted', 'declined')),
    decline_reason  TEXT
);
CREATE INDEX consent_requests_claim ON consent_requests (claim_id, id);

-- E-mail to deliver, written in the same transaction as the change that asks for it. A worker
-- leases a row (locked_by, locked_until) with a conditional UPDATE, so that one instance among
-- several sends it; a failed attempt is retried later (next_attempt_at) with back-off.
CREATE TABLE outbox (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('consent_request')),
    consent_request_id  INTEGER REFERENCES consent_requests(id),
    to_address          TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'dropped')),
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     INTEGER NOT NULL,
    locked_by           TEXT,
    locked_until        INTEGER,
    last_error          TEXT,
    created_at          INTEGER NOT NULL,
    sent_at             INTEGER
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_request ON outbox (consent_request_id);

CREATE TABLE outbox_attempts (
    id          INTEGER PRIMARY KEY,
    outbox_id   INTEGER NOT NULL REFERENCES outbox(id),
    at          INTEGER NOT NULL,
    instance    TEXT NOT NULL,
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
    error       TEXT
);
CREATE INDEX outbox_attempts_outbox ON outbox_attempts (outbox_id, id);

-- Development only (no SMTP server configured): what the worker delivered, as the customer
-- would receive it, shown at /dev/mailbox. Never written in production.
CREATE TABLE dev_mailbox (
    id            INTEGER PRIMARY KEY,
    outbox_id     INTEGER,
    delivered_at  INTEGER NOT NULL,
    to_address    TEXT NOT NULL,
    subject       TEXT NOT NULL,
    body_text     TEXT NOT NULL,
    body_html     TEXT NOT NULL
);
