-- Claims, their history, and the two limits that must hold under concurrency.
-- Equivalent to migrations/postgres/0002_claims.sql.

CREATE TABLE claims (
    id                      INTEGER PRIMARY KEY,
    -- Stable, human-readable, not guessable: "C-" and 10 characters of Crockford base 32.
    claim_ref               TEXT NOT NULL UNIQUE,
    partner_id              INTEGER NOT NULL REFERENCES partners(id),
    location_id             TEXT NOT NULL REFERENCES locations(id),
    engagement_id           INTEGER NOT NULL REFERENCES engagements(id),
    friendly_name           TEXT NOT NULL,
    origin                  TEXT NOT NULL CHECK (origin IN ('added', 'claimed')),
    customer_id_type        TEXT NOT NULL CHECK (customer_id_type IN ('domain_name', 'tenant_id', 'tpid', 'azure_subscription_id', 'msx_opportunity_id')),
    customer_id_value       TEXT NOT NULL,
    -- For a domain: the tenant it resolved to when the claim was made; for a tenant ID: itself.
    resolved_tenant_id      TEXT,
    customer_name           TEXT,
    contact_email           TEXT NOT NULL,
    contact_name            TEXT NOT NULL,
    contact_phone           TEXT,
    contact_language        TEXT NOT NULL CHECK (contact_language IN ('en', 'fr')),
    partner_contact_name    TEXT NOT NULL,
    partner_contact_email   TEXT NOT NULL,
    mismatch_reason         TEXT,
    mismatch_details        TEXT,
    -- Variable payment: hours fixed at creation and the proposed payment computed from them.
    hours                   INTEGER,
    proposed_payment_cents  INTEGER,
    currency                TEXT NOT NULL,
    status                  TEXT NOT NULL,
    -- 1 while the status is not an end state: what the limits below count.
    is_open                 INTEGER NOT NULL CHECK (is_open IN (0, 1)),
    -- The deadline of the current status (NULL when none): what the sweeper scans.
    deadline_at             INTEGER,
    created_at              INTEGER NOT NULL,
    created_by              INTEGER REFERENCES users(id),
    consent_at              INTEGER,
    submitted_at            INTEGER,
    rejected_at             INTEGER,
    ended_at                INTEGER,
    updated_at              INTEGER NOT NULL,
    -- Incremented by every change: a transition names the version it read.
    version                 INTEGER NOT NULL DEFAULT 0
);

-- "Add or claim, never both, never twice": one open claim per partner, engagement and customer ID.
CREATE UNIQUE INDEX claims_one_open_per_partner
    ON claims (partner_id, engagement_id, customer_id_type, customer_id_value) WHERE is_open = 1;
CREATE INDEX claims_partner_engagement ON claims (partner_id, engagement_id, status);
CREATE INDEX claims_customer ON claims (engagement_id, customer_id_type, customer_id_value);
CREATE INDEX claims_due ON claims (deadline_at) WHERE is_open = 1;

-- Open claims per customer ID and engagement, across all partners. Taken with a conditional
-- UPDATE (open_count < limit) inside the claim's transaction, so the engagement's limit holds
-- however many requests race; given back when a claim reaches an end state.
CREATE TABLE claim_counters (
    engagement_id      INTEGER NOT NULL REFERENCES engagements(id),
    customer_id_type   TEXT NOT NULL,
    customer_id_value  TEXT NOT NULL,
    open_count         INTEGER NOT NULL DEFAULT 0 CHECK (open_count >= 0),
    PRIMARY KEY (engagement_id, customer_id_type, customer_id_value)
);

CREATE TABLE claim_events (
    id             INTEGER PRIMARY KEY,
    claim_id       INTEGER NOT NULL REFERENCES claims(id),
    at             INTEGER NOT NULL,
    actor          TEXT NOT NULL CHECK (actor IN ('partner_admin', 'partner_user', 'customer', 'reviewer', 'system')),
    actor_user_id  INTEGER REFERENCES users(id),
    action         TEXT NOT NULL,
    from_status    TEXT,
    to_status      TEXT NOT NULL,
    -- JSON object: what changed, the reason given, ...
    details        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX claim_events_claim ON claim_events (claim_id, id);

-- A repeated "create" with the same key answers with the claims of the first one.
CREATE TABLE idempotency_keys (
    user_id     INTEGER NOT NULL REFERENCES users(id),
    key         TEXT NOT NULL,
    claim_refs  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (user_id, key)
);
