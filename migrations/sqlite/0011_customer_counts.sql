-- The Customers page at scale (a partner with 100 000 known customers, a million claims): every
-- tab's page and every count read an index or a kept number, never every row of the engagement.
-- Equivalent to migrations/postgres/0011_customer_counts.sql.

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
    partner_id     INTEGER NOT NULL REFERENCES partners(id),
    engagement_id  INTEGER NOT NULL REFERENCES engagements(id),
    tab            TEXT NOT NULL CHECK (tab IN ('eligible', 'ineligible', 'completed')),
    location_id    TEXT NOT NULL,
    row_count      INTEGER NOT NULL,
    PRIMARY KEY (partner_id, engagement_id, tab, location_id)
);

INSERT INTO customer_tab_counts (partner_id, engagement_id, tab, location_id, row_count)
    SELECT partner_id, engagement_id, tab, claim_location_id, COUNT(*) FROM customer_rows
    GROUP BY partner_id, engagement_id, tab, claim_location_id;
INSERT INTO customer_tab_counts (partner_id, engagement_id, tab, location_id, row_count)
    SELECT partner_id, engagement_id, 'completed', location_id, COUNT(*) FROM claims
    WHERE is_open = 0 AND NOT (origin = 'added' AND status IN ('consent_declined', 'consent_expired'))
    GROUP BY partner_id, engagement_id, location_id;

CREATE TRIGGER customer_rows_counted_insert AFTER INSERT ON customer_rows
BEGIN
    INSERT INTO customer_tab_counts (partner_id, engagement_id, tab, location_id, row_count)
    VALUES (new.partner_id, new.engagement_id, new.tab, new.claim_location_id, 1)
    ON CONFLICT (partner_id, engagement_id, tab, location_id) DO UPDATE SET row_count = row_count + 1;
END;

CREATE TRIGGER customer_rows_counted_delete AFTER DELETE ON customer_rows
BEGIN
    UPDATE customer_tab_counts SET row_count = row_count - 1
    WHERE partner_id = old.partner_id AND engagement_id = old.engagement_id AND tab = old.tab
      AND location_id = old.claim_location_id;
END;

CREATE TRIGGER customer_rows_counted_update
AFTER UPDATE OF partner_id, engagement_id, tab, claim_location_id ON customer_rows
WHEN old.partner_id <> new.partner_id OR old.engagement_id <> new.engagement_id
  OR old.tab <> new.tab OR old.claim_location_id <> new.claim_location_id
BEGIN
    UPDATE customer_tab_counts SET row_count = row_count - 1
    WHERE partner_id = old.partner_id AND engagement_id = old.engagement_id AND tab = old.tab
      AND location_id = old.claim_location_id;
    INSERT INTO customer_tab_counts (partner_id, engagement_id, tab, location_id, row_count)
    VALUES (new.partner_id, new.engagement_id, new.tab, new.claim_location_id, 1)
    ON CONFLICT (partner_id, engagement_id, tab, location_id) DO UPDATE SET row_count = row_count + 1;
END;

CREATE TRIGGER claims_counted_insert AFTER INSERT ON claims
WHEN new.is_open = 0 AND NOT (new.origin = 'added' AND new.status IN ('consent_declined', 'consent_expired'))
BEGIN
    INSERT INTO customer_tab_counts (partner_id, engagement_id, tab, location_id, row_count)
    VALUES (new.partner_id, new.engagement_id, 'completed', new.location_id, 1)
    ON CONFLICT (partner_id, engagement_id, tab, location_id) DO UPDATE SET row_count = row_count + 1;
END;

CREATE TRIGGER claims_counted_delete AFTER DELETE ON claims
WHEN old.is_open = 0 AND NOT (old.origin = 'added' AND old.status IN ('consent_declined', 'consent_expired'))
BEGIN
    UPDATE customer_tab_counts SET row_count = row_count - 1
    WHERE partner_id = old.partner_id AND engagement_id = old.engagement_id AND tab = 'completed'
      AND location_id = old.location_id;
END;

-- An update is counted out as the old row and in as the new one (both when it stays completed).
CREATE TRIGGER claims_counted_update_out
AFTER UPDATE OF partner_id, engagement_id, location_id, is_open, origin, status ON claims
WHEN old.is_open = 0 AND NOT (old.origin = 'added' AND old.status IN ('consent_declined', 'consent_expired'))
BEGIN
    UPDATE customer_tab_counts SET row_count = row_count - 1
    WHERE partner_id = old.partner_id AND engagement_id = old.engagement_id AND tab = 'completed'
      AND location_id = old.location_id;
END;

CREATE TRIGGER claims_counted_update_in
AFTER UPDATE OF partner_id, engagement_id, location_id, is_open, origin, status ON claims
WHEN new.is_open = 0 AND NOT (new.origin = 'added' AND new.status IN ('consent_declined', 'consent_expired'))
BEGIN
    INSERT INTO customer_tab_counts (partner_id, engagement_id, tab, location_id, row_count)
    VALUES (new.partner_id, new.engagement_id, 'completed', new.location_id, 1)
    ON CONFLICT (partner_id, engagement_id, tab, location_id) DO UPDATE SET row_count = row_count + 1;
END;

-- Search (a case-insensitive substring of `customer_rows.search`): a trigram index of the
-- column, so that `search LIKE '%term%'` is answered from the rows that hold the term's
-- trigrams. `customers::repo` asks it for terms of 3 characters or more (shorter ones have no
-- trigram and scan) and keeps the LIKE beside it, so what matches is exactly what matched before.
-- An external-content table: it holds only the index, keyed by `customer_rows`' rowid. SQLite's
-- VACUUM may renumber the rowids of a table without an INTEGER PRIMARY KEY; after one, run
-- `INSERT INTO customer_rows_search (customer_rows_search) VALUES ('rebuild')`.
CREATE VIRTUAL TABLE customer_rows_search USING fts5(search, content = 'customer_rows', tokenize = 'trigram');
INSERT INTO customer_rows_search (customer_rows_search) VALUES ('rebuild');

CREATE TRIGGER customer_rows_search_insert AFTER INSERT ON customer_rows
BEGIN
    INSERT INTO customer_rows_search (rowid, search) VALUES (new.rowid, new.search);
END;

CREATE TRIGGER customer_rows_search_delete AFTER DELETE ON customer_rows
BEGIN
    INSERT INTO customer_rows_search (customer_rows_search, rowid, search) VALUES ('delete', old.rowid, old.search);
END;

CREATE TRIGGER customer_rows_search_update AFTER UPDATE OF search ON customer_rows
WHEN old.search <> new.search
BEGIN
    INSERT INTO customer_rows_search (customer_rows_search, rowid, search) VALUES ('delete', old.rowid, old.search);
    INSERT INTO customer_rows_search (rowid, search) VALUES (new.rowid, new.search);
END;

-- The Completed tab's count under a search reads the haystack of each ended claim of the
-- engagement from this index (with what the tab's filter needs), not from the table:
-- `customers::repo::search` names it (INDEXED BY). PostgreSQL's by this name holds the columns.
CREATE INDEX claims_completed_search ON claims (partner_id, engagement_id, LOWER(COALESCE(customer_name, '') || ' ' || customer_id_value || ' ' || friendly_name || ' ' || claim_ref), origin, status, location_id) WHERE is_open = 0;
