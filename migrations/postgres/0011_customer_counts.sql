-- The Customers page at scale (a partner with 100 000 known customers, a million claims): every
-- tab's page and every count read an index or a kept number, never every row of the engagement.
-- Equivalent to migrations/sqlite/0011_customer_counts.sql.

-- The Completed tab is paged by keyset on the sort column the user picked, over the partner's
-- ended claims: one partial index per sort expression, spelled as `customers::repo` spells it
-- (the date has `claims_completed`, migration 0003).
CREATE INDEX claims_completed_customer ON claims (partner_id, engagement_id, LOWER(COALESCE(customer_name, '')), id) WHERE is_open = 0;
CREATE INDEX claims_completed_customer_id ON claims (partner_id, engagement_id, customer_id_value, id) WHERE is_open = 0;
CREATE INDEX claims_completed_friendly ON claims (partner_id, engagement_id, LOWER(friendly_name), id) WHERE is_open = 0;
CREATE INDEX claims_completed_claim ON claims (partner_id, engagement_id, claim_ref, id) WHERE is_open = 0;

-- The tabs' counts without a search, kept by the triggers below in the transaction that writes
-- the rows they count. Per location, because an Incentives user sees only its own locations'
-- rows: `location_id` is a row's `claim_location_id` ('' when it has no open claim) and a
-- completed claim's `location_id`. A completed claim is one the Completed tab lists: ended, and
-- not a newly added customer's declined or expired consent (`customers::repo::completed_filter`).
CREATE TABLE customer_tab_counts (
    partner_id     BIGINT NOT NULL REFERENCES partners(id),
    engagement_id  BIGINT NOT NULL REFERENCES engagements(id),
    tab            TEXT NOT NULL CHECK (tab IN ('eligible', 'ineligible', 'completed')),
    location_id    TEXT NOT NULL,
    row_count      BIGINT NOT NULL,
    PRIMARY KEY (partner_id, engagement_id, tab, location_id)
);

INSERT INTO customer_tab_counts (partner_id, engagement_id, tab, location_id, row_count)
    SELECT partner_id, engagement_id, tab, claim_location_id, COUNT(*) FROM customer_rows
    GROUP BY partner_id, engagement_id, tab, claim_location_id;
INSERT INTO customer_tab_counts (partner_id, engagement_id, tab, location_id, row_count)
    SELECT partner_id, engagement_id, 'completed', location_id, COUNT(*) FROM claims
    WHERE is_open = 0 AND NOT (origin = 'added' AND status IN ('consent_declined', 'consent_expired'))
    GROUP BY partner_id, engagement_id, location_id;

-- One count up or down. A count row is a hot row: concurrent writers of one partner's
-- engagement queue on it until they commit. A transaction moves at most one customer row (the
-- worker recomputes one per transaction) or ends claims; when one row moves between two counts,
-- the lower key is taken first, so that two such moves cannot wait on each other.
CREATE FUNCTION customer_tab_count_add(p BIGINT, e BIGINT, t TEXT, l TEXT, delta BIGINT) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO customer_tab_counts (partner_id, engagement_id, tab, location_id, row_count)
    VALUES (p, e, t, l, delta)
    ON CONFLICT (partner_id, engagement_id, tab, location_id)
    DO UPDATE SET row_count = customer_tab_counts.row_count + EXCLUDED.row_count
$$;

CREATE FUNCTION customer_rows_counted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM customer_tab_count_add(NEW.partner_id, NEW.engagement_id, NEW.tab, NEW.claim_location_id, 1);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM customer_tab_count_add(OLD.partner_id, OLD.engagement_id, OLD.tab, OLD.claim_location_id, -1);
    ELSIF (OLD.partner_id, OLD.engagement_id, OLD.tab, OLD.claim_location_id)
        < (NEW.partner_id, NEW.engagement_id, NEW.tab, NEW.claim_location_id) THEN
        PERFORM customer_tab_count_add(OLD.partner_id, OLD.engagement_id, OLD.tab, OLD.claim_location_id, -1);
        PERFORM customer_tab_count_add(NEW.partner_id, NEW.engagement_id, NEW.tab, NEW.claim_location_id, 1);
    ELSE
        PERFORM customer_tab_count_add(NEW.partner_id, NEW.engagement_id, NEW.tab, NEW.claim_location_id, 1);
        PERFORM customer_tab_count_add(OLD.partner_id, OLD.engagement_id, OLD.tab, OLD.claim_location_id, -1);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER customer_rows_counted_insert_delete AFTER INSERT OR DELETE ON customer_rows
    FOR EACH ROW EXECUTE FUNCTION customer_rows_counted();
CREATE TRIGGER customer_rows_counted_update
    AFTER UPDATE OF partner_id, engagement_id, tab, claim_location_id ON customer_rows
    FOR EACH ROW
    WHEN ((OLD.partner_id, OLD.engagement_id, OLD.tab, OLD.claim_location_id)
        IS DISTINCT FROM (NEW.partner_id, NEW.engagement_id, NEW.tab, NEW.claim_location_id))
    EXECUTE FUNCTION customer_rows_counted();

CREATE FUNCTION claims_counted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF OLD.is_open = 0 AND NOT (OLD.origin = 'added' AND OLD.status IN ('consent_declined', 'consent_expired')) THEN
            PERFORM customer_tab_count_add(OLD.partner_id, OLD.engagement_id, 'completed', OLD.location_id, -1);
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.is_open = 0 AND NOT (NEW.origin = 'added' AND NEW.status IN ('consent_declined', 'consent_expired')) THEN
            PERFORM customer_tab_count_add(NEW.partner_id, NEW.engagement_id, 'completed', NEW.location_id, 1);
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER claims_counted_insert_delete AFTER INSERT OR DELETE ON claims
    FOR EACH ROW EXECUTE FUNCTION claims_counted();
-- Only an ended claim is counted: an update of an open one that stays open costs nothing.
CREATE TRIGGER claims_counted_update
    AFTER UPDATE OF partner_id, engagement_id, location_id, is_open, origin, status ON claims
    FOR EACH ROW WHEN (OLD.is_open = 0 OR NEW.is_open = 0)
    EXECUTE FUNCTION claims_counted();

-- Search (a case-insensitive substring of `customer_rows.search`, which is stored lower-cased):
-- a trigram index, which PostgreSQL uses for `search LIKE '%term%'` of 3 characters or more.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX customer_rows_search_trgm ON customer_rows USING gin (search gin_trgm_ops);

-- The Completed tab's count under a search reads each ended claim of the engagement from this
-- index, with what its haystack and the tab's filter need, not from the table (an index-only
-- scan). A pg_trgm index of the haystack would find the term among every partner's ended claims
-- and read each of those from the table: slower, measured. SQLite has a b-tree by this name
-- holding the haystack itself.
CREATE INDEX claims_completed_search ON claims (partner_id, engagement_id)
    INCLUDE (customer_name, customer_id_value, friendly_name, claim_ref, origin, status, location_id)
    WHERE is_open = 0;
