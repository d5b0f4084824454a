-- What the partner reads about a failed delivery is a category (`consent::delivery::DeliveryProblem`),
-- stored beside the mail server's own reply (`last_error`), which only operators read: a raw
-- "550 5.1.1 <x@y>: Recipient address rejected: …" names servers and software and is no
-- partner's business. Equivalent to migrations/postgres/0009_outbox_problem.sql.
ALTER TABLE outbox ADD COLUMN last_problem TEXT;

-- Deliveries that failed before the category existed: their cause is not known as one.
UPDATE outbox SET last_problem = 'other'
WHERE last_error IS NOT NULL AND status IN ('pending', 'failed');

-- The worker's purge deletes by age, in small batches: these keep each batch an index range,
-- not a scan of the whole table.
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
CREATE INDEX dev_mailbox_delivered ON dev_mailbox (delivered_at);
