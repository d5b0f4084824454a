-- Foundation schema: partners, their locations and users, sessions, sign-in throttling,
-- engagements and the programme's customer directory.
--
-- Conventions shared with migrations/postgres (the two must stay equivalent):
-- * times are integer Unix seconds: sqlx's Any driver carries only basic types;
-- * flags are integers 0/1 with a CHECK: Any cannot decode a SQLite integer as bool nor a
--   PostgreSQL boolean as an integer, so one representation serves both;
-- * identifiers of the programme (location IDs, tenant IDs, ...) are stored normalised, as text,
--   by the domain crate's parsers: equality in SQL is then equality of customers.

CREATE TABLE partners (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);

CREATE TABLE locations (
    id               TEXT PRIMARY KEY CHECK (length(id) = 7),
    partner_id       INTEGER NOT NULL REFERENCES partners(id),
    name             TEXT NOT NULL,
    country          TEXT NOT NULL,
    enrolled_in_mci  INTEGER NOT NULL CHECK (enrolled_in_mci IN (0, 1))
);
CREATE INDEX locations_partner ON locations(partner_id);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    -- NULL only for programme staff, who belong to no partner.
    partner_id     INTEGER REFERENCES partners(id),
    email          TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    phone          TEXT,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('incentives_admin', 'incentives_user', 'partner_user', 'programme_reviewer')),
    created_at     INTEGER NOT NULL,
    CONSTRAINT users_partner_matches_role CHECK ((role = 'programme_reviewer') = (partner_id IS NULL))
);
CREATE UNIQUE INDEX users_email_unique ON users(email);

-- The locations an Incentives user may act for (administrators act for all of their partner's).
CREATE TABLE user_locations (
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    location_id  TEXT NOT NULL REFERENCES locations(id),
    PRIMARY KEY (user_id, location_id)
);

-- Server-side sessions (tower-sessions records, JSON).
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,
    data        TEXT NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- Failed sign-ins, counted per account and per address over a sliding window. In the database
-- rather than in memory so that the limit holds across several app servers.
CREATE TABLE sign_in_failures (
    id          INTEGER PRIMARY KEY,
    account     TEXT NOT NULL,
    address     TEXT NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_account ON sign_in_failures(account, at);
CREATE INDEX sign_in_failures_address ON sign_in_failures(address, at);

CREATE TABLE engagements (
    id                              INTEGER PRIMARY KEY,
    code                            TEXT NOT NULL UNIQUE,
    name                            TEXT NOT NULL,
    solution_area                   TEXT NOT NULL,
    activity_type                   TEXT NOT NULL,
    payment_type                    TEXT NOT NULL CHECK (payment_type IN ('fixed', 'variable')),
    consent_window_days             INTEGER NOT NULL CHECK (consent_window_days > 0),
    submission_window_days          INTEGER NOT NULL CHECK (submission_window_days > 0),
    review_window_days              INTEGER NOT NULL CHECK (review_window_days > 0),
    dispute_window_days             INTEGER NOT NULL CHECK (dispute_window_days > 0),
    max_active_claims_per_customer  INTEGER NOT NULL CHECK (max_active_claims_per_customer > 0),
    open_from                       INTEGER NOT NULL,
    open_until                      INTEGER NOT NULL,
    currency                        TEXT NOT NULL,
    -- fixed payment
    fixed_amount_cents              INTEGER,
    -- variable payment: min(hours x band rate, deal value x percentage, cap)
    deal_value_percent_bp           INTEGER,
    cap_cents                       INTEGER,
    min_hours                       INTEGER,
    max_hours                       INTEGER,
    CHECK (open_from < open_until),
    CONSTRAINT engagements_payment_rule CHECK (
        (payment_type = 'fixed' AND fixed_amount_cents IS NOT NULL)
        OR (payment_type = 'variable' AND deal_value_percent_bp IS NOT NULL AND cap_cents IS NOT NULL
            AND min_hours IS NOT NULL AND max_hours IS NOT NULL AND min_hours <= max_hours)
    )
);

CREATE TABLE engagement_id_types (
    engagement_id  INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
    id_type        TEXT NOT NULL CHECK (id_type IN ('domain_name', 'tenant_id', 'tpid', 'azure_subscription_id', 'msx_opportunity_id')),
    PRIMARY KEY (engagement_id, id_type)
);

CREATE TABLE engagement_band_rates (
    engagement_id      INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
    market_band        TEXT NOT NULL,
    hourly_rate_cents  INTEGER NOT NULL CHECK (hourly_rate_cents > 0),
    PRIMARY KEY (engagement_id, market_band)
);

-- Partner criteria: the enrolled locations eligible for an engagement.
CREATE TABLE engagement_locations (
    engagement_id  INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
    location_id    TEXT NOT NULL REFERENCES locations(id),
    PRIMARY KEY (engagement_id, location_id)
);
CREATE INDEX engagement_locations_location ON engagement_locations(location_id);

-- The programme's customer directory (reference data loaded by programme staff).
CREATE TABLE directory_tenants (
    tenant_id  TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    country    TEXT NOT NULL,
    segment    TEXT NOT NULL
);

CREATE TABLE directory_tenant_domains (
    domain     TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES directory_tenants(tenant_id)
);
CREATE INDEX directory_tenant_domains_tenant ON directory_tenant_domains(tenant_id);

CREATE TABLE directory_tpids (
    tpid     TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    country  TEXT NOT NULL
);

CREATE TABLE directory_tpid_tenants (
    tpid       TEXT NOT NULL REFERENCES directory_tpids(tpid),
    tenant_id  TEXT NOT NULL REFERENCES directory_tenants(tenant_id),
    PRIMARY KEY (tpid, tenant_id)
);

CREATE TABLE directory_subscriptions (
    subscription_id  TEXT PRIMARY KEY,
    tenant_id        TEXT NOT NULL REFERENCES directory_tenants(tenant_id),
    name             TEXT NOT NULL
);

CREATE TABLE directory_opportunities (
    opportunity_id    TEXT PRIMARY KEY,
    tpid              TEXT NOT NULL REFERENCES directory_tpids(tpid),
    name              TEXT NOT NULL,
    deal_value_cents  INTEGER NOT NULL CHECK (deal_value_cents >= 0),
    currency          TEXT NOT NULL,
    country           TEXT NOT NULL,
    market_band       TEXT NOT NULL,
    stage             TEXT NOT NULL CHECK (stage IN ('open', 'won', 'lost'))
);

-- Per engagement, the ID values the programme declared eligible, per ID type.
CREATE TABLE eligibility_lists (
    engagement_id  INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
    id_type        TEXT NOT NULL,
    id_value       TEXT NOT NULL,
    PRIMARY KEY (engagement_id, id_type, id_value)
);
