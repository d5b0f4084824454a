-- Calendar feeds (issue 17): each partner user's secret address of its claims' deadlines
-- (`/calendar/{token}.ics`). Only the token's SHA-256 is kept: the address is shown once, when it
-- is made, and a new one (or revoking it) makes the old one answer nothing. Equivalent to
-- migrations/sqlite/0014_calendar_feeds.sql.
CREATE TABLE calendar_feeds (
    user_id       BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    BIGINT NOT NULL,
    -- The last time a calendar read it, for the page to tell the user it works.
    last_read_at  BIGINT
);
