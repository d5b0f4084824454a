-- Claims now carry the canonical customer their ID maps to (`domain::customer_key`), so that
-- both limits of the programme are about the customer, not the string typed; the Customers page
-- lists one row per customer; its rows are kept fresh by marks written inside every change.
-- Equivalent to migrations/postgres/0007_customer_keys.sql.

-- `tpid:<digits>`, `tenant:<guid>`, or `<id type>:<value>` for an ID the directory links to
-- nothing. Decided in `domain::customer_key` when the claim is created and never recomputed: a
-- later directory import does not move a claim to another customer (see
-- `programme::import_service`).
ALTER TABLE claims ADD COLUMN customer_key TEXT NOT NULL DEFAULT '';

-- 1 only for an open claim that, when this migration ran, was a second (or third …) open claim
-- of its partner for one customer on one engagement, made with another alias of it. Such claims
-- predate the rule by customer: they stay open (a migration must not take a claim away from a
-- partner) and still count against the engagement's limit, but the one-open-claim index below
-- leaves them out. Nothing sets it afterwards.
ALTER TABLE claims ADD COLUMN alias_duplicate INTEGER NOT NULL DEFAULT 0 CHECK (alias_duplicate IN (0, 1));

-- The backfill: `domain::customer_key` written in SQL, on the directory as it is now. First the
-- tenant level (a domain or subscription gives its tenant, an opportunity its TPID) ...
UPDATE claims SET customer_key = CASE customer_id_type
    WHEN 'tpid' THEN 'tpid:' || customer_id_value
    WHEN 'tenant_id' THEN 'tenant:' || customer_id_value
    WHEN 'domain_name' THEN COALESCE(
        'tenant:' || (SELECT d.tenant_id FROM directory_tenant_domains d WHERE d.domain = claims.customer_id_value),
        'tenant:' || claims.resolved_tenant_id,
        'domain_name:' || customer_id_value)
    WHEN 'azure_subscription_id' THEN COALESCE(
        'tenant:' || (SELECT s.tenant_id FROM directory_subscriptions s WHERE s.subscription_id = claims.customer_id_value),
        'azure_subscription_id:' || customer_id_value)
    ELSE COALESCE(
        'tpid:' || (SELECT o.tpid FROM directory_opportunities o WHERE o.opportunity_id = claims.customer_id_value),
        'msx_opportunity_id:' || customer_id_value)
END;
-- ... then a tenant the directory lists under a TPID becomes that TPID's customer (the lowest
-- TPID when several: TPIDs have no leading zeros, so length then text is numeric order).
UPDATE claims SET customer_key = 'tpid:' || (
    SELECT pt.tpid FROM directory_tpid_tenants pt WHERE pt.tenant_id = substr(claims.customer_key, 8)
    ORDER BY length(pt.tpid), pt.tpid LIMIT 1)
WHERE customer_key LIKE 'tenant:%'
  AND EXISTS (SELECT 1 FROM directory_tpid_tenants pt WHERE pt.tenant_id = substr(claims.customer_key, 8));

UPDATE claims SET alias_duplicate = 1
WHERE is_open = 1 AND EXISTS (
    SELECT 1 FROM claims o WHERE o.is_open = 1 AND o.partner_id = claims.partner_id
      AND o.engagement_id = claims.engagement_id AND o.customer_key = claims.customer_key AND o.id < claims.id);

-- "Add or claim, never both, never twice", per customer.
DROP INDEX claims_one_open_per_partner;
CREATE UNIQUE INDEX claims_one_open_per_customer
    ON claims (partner_id, engagement_id, customer_key) WHERE is_open = 1 AND alias_duplicate = 0;
DROP INDEX claims_customer;
CREATE INDEX claims_customer ON claims (engagement_id, customer_key, is_open);
-- What a partner knows of a customer: its claims under the key, on any engagement.
CREATE INDEX claims_partner_customer ON claims (partner_id, customer_key);

-- Open claims per customer and engagement across partners, counted again from the claims.
DROP TABLE claim_counters;
CREATE TABLE claim_counters (
    engagement_id  INTEGER NOT NULL REFERENCES engagements(id),
    customer_key   TEXT NOT NULL,
    open_count     INTEGER NOT NULL DEFAULT 0 CHECK (open_count >= 0),
    PRIMARY KEY (engagement_id, customer_key)
);
INSERT INTO claim_counters (engagement_id, customer_key, open_count)
    SELECT engagement_id, customer_key, COUNT(*) FROM claims WHERE is_open = 1 GROUP BY engagement_id, customer_key;

-- One row per partner, engagement and customer (no longer per ID). The row is shown by one of
-- the customer's IDs (this engagement's open claim's; else the first eligible one; else the one
-- the partner last used) and lists the others the partner knows it by.
DROP TABLE customer_rows;
CREATE TABLE customer_rows (
    partner_id         INTEGER NOT NULL REFERENCES partners(id),
    engagement_id      INTEGER NOT NULL REFERENCES engagements(id),
    customer_key       TEXT NOT NULL,
    customer_id_type   TEXT NOT NULL,
    customer_id_value  TEXT NOT NULL,
    -- JSON array of the customer's other IDs known to the partner ({"kind", "value"}).
    other_ids          TEXT NOT NULL,
    tab                TEXT NOT NULL CHECK (tab IN ('eligible', 'ineligible')),
    customer_name      TEXT NOT NULL,
    friendly_name      TEXT NOT NULL,
    sort_customer      TEXT NOT NULL,
    sort_friendly      TEXT NOT NULL,
    claim_ref          TEXT NOT NULL,
    claim_status       TEXT,
    claim_location_id  TEXT NOT NULL,
    deadline_at        INTEGER NOT NULL,
    -- JSON array, one entry per known ID: {"id": {"kind", "value"}, "reasons": [...]}.
    reasons            TEXT NOT NULL,
    -- Lower-cased haystack: name, every known ID (stored and Unicode form), friendly name, claim.
    search             TEXT NOT NULL,
    updated_at         INTEGER NOT NULL,
    PRIMARY KEY (partner_id, engagement_id, customer_key)
);
CREATE INDEX customer_rows_name ON customer_rows (partner_id, engagement_id, tab, sort_customer, customer_key);
CREATE INDEX customer_rows_id ON customer_rows (partner_id, engagement_id, tab, customer_id_value, customer_key);
CREATE INDEX customer_rows_friendly ON customer_rows (partner_id, engagement_id, tab, sort_friendly, customer_key);
CREATE INDEX customer_rows_claim ON customer_rows (partner_id, engagement_id, tab, claim_ref, customer_key);
CREATE INDEX customer_rows_deadline ON customer_rows (partner_id, engagement_id, tab, deadline_at, customer_key);
CREATE INDEX customer_rows_customer ON customer_rows (engagement_id, customer_key);

-- Rows to recompute, written in the same transaction as the change that makes them stale (a
-- claim created or moved, a consent, an import, an engagement opening or closing), so a row can
-- never be left stale by a failure between a commit and a refresh. Drained by every instance's
-- worker, and by a read of the Customers page for its own engagement first. engagement_id 0:
-- every engagement of the partner (a consent makes the customer known everywhere).
CREATE TABLE customer_row_marks (
    partner_id     INTEGER NOT NULL REFERENCES partners(id),
    engagement_id  INTEGER NOT NULL,
    customer_key   TEXT NOT NULL,
    marked_at      INTEGER NOT NULL,
    PRIMARY KEY (partner_id, engagement_id, customer_key)
);
CREATE INDEX customer_row_marks_age ON customer_row_marks (marked_at);

-- The old rows are gone: every customer a partner knows is to be recomputed.
INSERT INTO customer_row_marks (partner_id, engagement_id, customer_key, marked_at)
    SELECT DISTINCT partner_id, 0, customer_key, 0 FROM claims WHERE consent_at IS NOT NULL OR is_open = 1;
