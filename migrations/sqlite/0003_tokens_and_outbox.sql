-- rampart:begin(iam)
-- One-time tokens (e-mail verification, password reset): only the SHA-256 of each token is
-- stored; single use (used_at), time-limited (expires_at); issuing one marks the user's older
-- unused tokens of the same purpose used (superseded).
CREATE TABLE one_time_tokens (
  token_hash TEXT    NOT NULL PRIMARY KEY,
  user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose    TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);
CREATE INDEX one_time_tokens_user_idx ON one_time_tokens (user_id, purpose);
-- rampart:end

-- The transactional outbox: messages written in the same transaction as the change they
-- announce, delivered to the queue by the outbox dispatcher (docs/messaging.md).
CREATE TABLE outbox (
  seq             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  id              TEXT    NOT NULL UNIQUE,
  aggregate_id    TEXT    NOT NULL,
  type            TEXT    NOT NULL,
  payload         TEXT    NOT NULL,
  created_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT    NOT NULL DEFAULT '',
  sent_at         INTEGER
);
CREATE INDEX outbox_pending_idx ON outbox (seq) WHERE sent_at IS NULL;
