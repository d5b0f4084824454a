-- Consent evidence, and the partner's own domains.
-- Equivalent to migrations/sqlite/0008_consent_evidence.sql.

-- What shows where a customer's answer came from, written with the answer (decided_at and
-- decision exist since 0004): the client's address as the trusted hop gave it, its user agent
-- (at most 512 characters), the language the consent page was read in and the consent text
-- exactly as the page showed it, rendered on the server from the same locale strings. An answer
-- from before this migration has none of them: NULL says "not recorded", not "empty".
ALTER TABLE consent_requests ADD COLUMN decided_ip TEXT;
ALTER TABLE consent_requests ADD COLUMN decided_user_agent TEXT;
ALTER TABLE consent_requests ADD COLUMN decided_language TEXT CHECK (decided_language IN ('en', 'fr'));
ALTER TABLE consent_requests ADD COLUMN decided_text TEXT;

-- Domains a partner owns beyond those of its users' e-mail addresses (a brand, a former name, a
-- mail-only domain). A consent recipient at one of them, or at a subdomain, is refused: consent
-- must come from the customer, not from the partner's own mailbox. Stored lower-case ASCII
-- (punycode), as `domain::DomainName` normalises it.
CREATE TABLE partner_domains (
    partner_id  BIGINT NOT NULL REFERENCES partners(id),
    domain      TEXT NOT NULL CHECK (domain = lower(domain)),
    PRIMARY KEY (partner_id, domain)
);
