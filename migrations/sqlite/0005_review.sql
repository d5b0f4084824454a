-- From consent to payment: what the partner submits (each submission and its documents), what
-- the programme decides, and the payment it records.
-- Equivalent to migrations/postgres/0005_review.sql.

-- One submission of proof of execution: the first one, and each answer to a reviewer's request.
CREATE TABLE claim_submissions (
    id               INTEGER PRIMARY KEY,
    claim_id         INTEGER NOT NULL REFERENCES claims(id),
    kind             TEXT NOT NULL CHECK (kind IN ('submit', 'resubmit')),
    -- The first submission's completion date (YYYY-MM-DD) and, for variable payment, the hours
    -- actually delivered; an answer to a review carries neither.
    completion_date  TEXT,
    hours_delivered  INTEGER CHECK (hours_delivered > 0),
    comments         TEXT,
    submitted_by     INTEGER REFERENCES users(id),
    submitted_at     INTEGER NOT NULL
);
CREATE INDEX claim_submissions_claim ON claim_submissions (claim_id, id);

-- A document of a submission. The file itself is in the document store (a directory, or an
-- object store shared by every instance) under `storage_key`; `doc_ref` is its unguessable
-- public name in download links.
CREATE TABLE claim_documents (
    id             INTEGER PRIMARY KEY,
    doc_ref        TEXT NOT NULL UNIQUE,
    claim_id       INTEGER NOT NULL REFERENCES claims(id),
    submission_id  INTEGER NOT NULL REFERENCES claim_submissions(id),
    file_name      TEXT NOT NULL,
    -- The type found in the content (not the one the browser claimed).
    content_type   TEXT NOT NULL,
    size_bytes     INTEGER NOT NULL CHECK (size_bytes > 0),
    sha256         TEXT NOT NULL,
    storage_key    TEXT NOT NULL,
    uploaded_at    INTEGER NOT NULL
);
CREATE INDEX claim_documents_claim ON claim_documents (claim_id, id);

-- What the first submission declared, and the payment once recorded.
ALTER TABLE claims ADD COLUMN completion_date TEXT;
ALTER TABLE claims ADD COLUMN hours_delivered INTEGER;
ALTER TABLE claims ADD COLUMN paid_amount_cents INTEGER;
ALTER TABLE claims ADD COLUMN payment_date TEXT;

-- The review queue: claims by status, oldest submission first.
CREATE INDEX claims_review_queue ON claims (status, submitted_at, id);
