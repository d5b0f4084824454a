-- A claim the programme asked to act on (partner_action_required) now ends in
-- post_submission_expired when the review deadline passes without an answer: the sweeper acts on
-- it. Claims already waiting in that state had no sweeper's mark (nothing could end them); they
-- get their review deadline, latest submission + the engagement's review window, as the service
-- writes it for new ones. Equivalent to migrations/postgres/0012_post_submission_expiry.sql.
UPDATE claims
SET deadline_at = submitted_at + 86400 * (
    SELECT e.review_window_days FROM engagements e WHERE e.id = claims.engagement_id
)
WHERE status = 'partner_action_required' AND deadline_at IS NULL AND submitted_at IS NOT NULL;
