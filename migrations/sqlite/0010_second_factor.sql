-- Two-factor sign-in (docs/security.md, "Two-factor sign-in"): TOTP enrolments, recovery codes
-- and the challenges between a login's password step and its second step; the sign-in methods
-- of each session (RFC 8176 `amr`, space-separated).
--
-- `secret_sealed` is the TOTP secret encrypted with mfa.encryption_key (XChaCha20-Poly1305,
-- bound to the user id), never the secret itself. An enrolment protects logins once
-- `confirmed_at` is set; `last_used_step` is the time step of the last code accepted (a code is
-- accepted once only, RFC 6238 §5.2). Recovery codes and challenges are stored as SHA-256 (hex).
CREATE TABLE user_totp (
  user_id        TEXT    NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret_sealed  TEXT    NOT NULL,
  created_at     INTEGER NOT NULL,
  confirmed_at   INTEGER,
  last_used_step INTEGER
) WITHOUT ROWID;

CREATE TABLE recovery_codes (
  user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash  TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  used_at    INTEGER,
  PRIMARY KEY (user_id, code_hash)
) WITHOUT ROWID;

CREATE TABLE mfa_challenges (
  challenge_hash TEXT    NOT NULL PRIMARY KEY,
  user_id        TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_version  INTEGER NOT NULL,
  created_at     INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  used_at        INTEGER
) WITHOUT ROWID;
CREATE INDEX mfa_challenges_expires_idx ON mfa_challenges (expires_at);

ALTER TABLE sessions ADD COLUMN amr TEXT NOT NULL DEFAULT 'pwd';
