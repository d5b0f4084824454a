-- Automatic consent reminders (issue 17): a partner may have an unanswered consent request
-- re-sent to the customer a set number of days before it expires, per engagement; off unless
-- set. Equivalent to migrations/sqlite/0015_consent_reminders.sql.
CREATE TABLE consent_reminder_settings (
    partner_id     BIGINT NOT NULL REFERENCES partners(id),
    engagement_id  BIGINT NOT NULL REFERENCES engagements(id),
    days_before    BIGINT NOT NULL CHECK (days_before BETWEEN 1 AND 14),
    updated_by     BIGINT REFERENCES users(id),
    updated_at     BIGINT NOT NULL,
    PRIMARY KEY (partner_id, engagement_id)
);

-- The reminder each claim got (or why not: the re-send limit was reached). Whoever inserts the
-- row first sends it, so that with several instances a customer is reminded once.
CREATE TABLE consent_auto_reminders (
    claim_id     BIGINT PRIMARY KEY REFERENCES claims(id),
    outcome      TEXT NOT NULL CHECK (outcome IN ('sent', 'limit_reached')),
    created_at   BIGINT NOT NULL
);
