-- Each session names the user signed in on it, so that "sign out everywhere" (and, later, a
-- deactivation or a password change) ends every session of that user at once. NULL: a session
-- with no one signed in (a visitor's language choice). No foreign key: a session outliving its
-- user is refused at its next request anyway (the user is loaded on each one).
ALTER TABLE sessions ADD COLUMN user_id BIGINT;
CREATE INDEX sessions_user ON sessions(user_id);
