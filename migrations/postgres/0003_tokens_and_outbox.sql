-- rampart:begin(iam)
-- One-time tokens (e-mail verification, password reset): only the SHA-256 of each token is
-- stored; single use (used_at), time-limited (expires_at); issuing one marks the user's older
-- unused tokens of the same purpose used (superseded).
CREATE TABLE one_time_tokens (
  token_hash text        NOT NULL PRIMARY KEY,
  user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose    text        NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX one_time_tokens_user_idx ON one_time_tokens (user_id, purpose);
-- rampart:end

-- The transactional outbox: messages written in the same transaction as the change they
-- announce, delivered to the queue by the outbox dispatcher (docs/messaging.md).
CREATE TABLE outbox (
  seq             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id              uuid        NOT NULL UNIQUE,
  aggregate_id    text        NOT NULL,
  type            text        NOT NULL,
  payload         text        NOT NULL,
  created_at      timestamptz NOT NULL,
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error      text        NOT NULL DEFAULT '',
  sent_at         timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (seq) WHERE sent_at IS NULL;
