-- Notifications (issue 17): what the app tells a partner's users about their claims, in the app
-- and by e-mail, the reminders of coming deadlines, each user's preferences and language, and the
-- daily digest. Equivalent to migrations/postgres/0013_notifications.sql.
--
-- The outbox's CHECK on its kind widens, and SQLite changes a CHECK only by rebuilding the table
-- (https://www.sqlite.org/lang_altertable.html). The documented way turns foreign keys off, which
-- sqlx's migration transaction does not allow (the pragma is a no-op inside one), so its child
-- `outbox_attempts` is rebuilt with it: each new table is filled, the old child then the old
-- parent are dropped (nothing references them any more), and the renames carry the child's
-- foreign key over to the new `outbox`.

-- The language of a user's e-mails and calendar feed, chosen on the notification preferences
-- page (English until then).
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr'));

-- One notification per user and event. `event_key` names the event within its claim: the
-- claim's version after a transition (`v7`), or a reminder's deadline and threshold
-- (`1767225600:3`). The unique key makes every writer's insert idempotent: two workers, or a
-- retried transaction, never tell a user the same thing twice.
CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    claim_id     INTEGER NOT NULL REFERENCES claims(id),
    kind         TEXT NOT NULL CHECK (kind IN ('consent_accepted', 'consent_declined', 'consent_expiring',
                     'submission_due', 'action_requested', 'rejected', 'approved', 'paid', 'expired')),
    event_key    TEXT NOT NULL,
    -- The deadline the notification is about (a reminder's, a rejection's dispute deadline).
    deadline_at  INTEGER,
    -- Days before the deadline, for a reminder.
    threshold    INTEGER,
    -- How the user asked to hear of this kind when it was written.
    delivery     TEXT NOT NULL CHECK (delivery IN ('in_app', 'email', 'digest')),
    created_at   INTEGER NOT NULL,
    read_at      INTEGER,
    -- For a digest notification: when the digest that carries it was queued.
    digested_at  INTEGER
);
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, claim_id, kind, event_key);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_undigested ON notifications (user_id, created_at)
    WHERE delivery = 'digest' AND digested_at IS NULL;

-- A reminder that was sent, per claim, deadline and threshold (days before it): whoever inserts
-- the row first sends it, in the same transaction; everyone else finds it there.
CREATE TABLE deadline_reminders (
    claim_id     INTEGER NOT NULL REFERENCES claims(id),
    deadline_at  INTEGER NOT NULL,
    threshold    INTEGER NOT NULL,
    sent_at      INTEGER NOT NULL,
    PRIMARY KEY (claim_id, deadline_at, threshold)
);

-- How a user wants to hear of each kind; no row is the default (an e-mail at once).
-- `scope` says which claims: those the user is the partner contact of, or every claim of the
-- user's locations.
CREATE TABLE notification_preferences (
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    delivery  TEXT NOT NULL CHECK (delivery IN ('in_app', 'email', 'digest')),
    PRIMARY KEY (user_id, kind)
);
CREATE TABLE notification_scopes (
    user_id  INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    scope    TEXT NOT NULL CHECK (scope IN ('my_claims', 'my_locations'))
);

-- One digest per user and day (days since the Unix epoch, UTC): queued once.
CREATE TABLE notification_digests (
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    day        INTEGER NOT NULL,
    queued_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, day)
);

-- The outbox also carries notification e-mails and digests. Their message is rendered when they
-- are queued (no secret in it, unlike a consent link), so the row holds it. The table is
-- rebuilt for its widened CHECK, with the same columns, rows and indexes.
CREATE TABLE outbox_new (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('consent_request', 'notification', 'digest')),
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
    body_html           TEXT
);
INSERT INTO outbox_new (id, kind, consent_request_id, to_address, status, attempts, next_attempt_at,
        locked_by, locked_until, last_error, created_at, sent_at, last_problem)
    SELECT id, kind, consent_request_id, to_address, status, attempts, next_attempt_at,
        locked_by, locked_until, last_error, created_at, sent_at, last_problem
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
