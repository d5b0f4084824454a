-- The Customers page's Eligible and Ineligible tabs, stored: one row per partner, engagement and
-- customer ID the partner knows (a customer who consented to any of its claims, or one with an
-- open claim on this engagement), holding the verdict of the domain's eligibility rule. The rule
-- still lives only in the domain crate; this table is its output, recomputed whenever an input
-- changes (claims, time passing an engagement's open period, directory imports), so that tabs
-- can be filtered, sorted and paged by keyset in the database at any depth.
-- Equivalent to migrations/postgres/0003_customer_rows.sql.

CREATE TABLE customer_rows (
    partner_id         INTEGER NOT NULL REFERENCES partners(id),
    engagement_id      INTEGER NOT NULL REFERENCES engagements(id),
    customer_id_type   TEXT NOT NULL,
    customer_id_value  TEXT NOT NULL,
    tab                TEXT NOT NULL CHECK (tab IN ('eligible', 'ineligible')),
    customer_name      TEXT NOT NULL,
    friendly_name      TEXT NOT NULL,
    -- Sort keys: lower-cased, empty rather than NULL so that row-value comparisons order them.
    sort_customer      TEXT NOT NULL,
    sort_friendly      TEXT NOT NULL,
    -- This engagement's open claim for the customer, if any.
    claim_ref          TEXT NOT NULL,
    claim_status       TEXT,
    -- The location of that claim (empty when none): an Incentives user sees only its own.
    claim_location_id  TEXT NOT NULL,
    -- Its current deadline (Unix seconds); a large number when none, to sort last.
    deadline_at        INTEGER NOT NULL,
    -- JSON array of the domain's reasons (Ineligible tab).
    reasons            TEXT NOT NULL,
    -- Lower-cased haystack for search: name, ID value, friendly name, claim reference.
    search             TEXT NOT NULL,
    updated_at         INTEGER NOT NULL,
    PRIMARY KEY (partner_id, engagement_id, customer_id_type, customer_id_value)
);
CREATE INDEX customer_rows_name ON customer_rows (partner_id, engagement_id, tab, sort_customer, customer_id_type, customer_id_value);
CREATE INDEX customer_rows_id ON customer_rows (partner_id, engagement_id, tab, customer_id_value, customer_id_type);
CREATE INDEX customer_rows_friendly ON customer_rows (partner_id, engagement_id, tab, sort_friendly, customer_id_type, customer_id_value);
CREATE INDEX customer_rows_claim ON customer_rows (partner_id, engagement_id, tab, claim_ref, customer_id_type, customer_id_value);
CREATE INDEX customer_rows_deadline ON customer_rows (partner_id, engagement_id, tab, deadline_at, customer_id_type, customer_id_value);
-- Other partners' rows for one customer change when its open-claim count on an engagement does.
CREATE INDEX customer_rows_customer ON customer_rows (engagement_id, customer_id_type, customer_id_value);

-- The Completed tab reads claims; paged by keyset on its end date.
CREATE INDEX claims_completed ON claims (partner_id, engagement_id, is_open, ended_at, id);

-- Marks of the background worker (for example: up to when engagement open periods were applied).
CREATE TABLE worker_marks (
    name  TEXT PRIMARY KEY,
    at    INTEGER NOT NULL
);
