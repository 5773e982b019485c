-- Two-factor sign-in (PostgreSQL dialect; docs/security.md,
-- "Two-factor sign-in"): TOTP enrolments, recovery codes and the challenges between a login's
-- password step and its second step; the sign-in methods of each session (RFC 8176 `amr`,
-- space-separated).
--
-- `secret_sealed` is the TOTP secret encrypted with mfa.encryption_key (XChaCha20-Poly1305,
-- bound to the user id), never the secret itself. An enrolment protects logins once
-- `confirmed_at` is set; `last_used_step` is the time step of the last code accepted (a code is
-- accepted once only, RFC 6238 §5.2). Recovery codes and challenges are stored as SHA-256 (hex).
CREATE TABLE user_totp (
  user_id        uuid        NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret_sealed  text        NOT NULL,
  created_at     timestamptz NOT NULL,
  confirmed_at   timestamptz,
  last_used_step bigint
);

CREATE TABLE recovery_codes (
  user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash  text        NOT NULL,
  created_at timestamptz NOT NULL,
  used_at    timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE mfa_challenges (
  challenge_hash text        NOT NULL PRIMARY KEY,
  user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_version  integer     NOT NULL,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz
);
CREATE INDEX mfa_challenges_expires_idx ON mfa_challenges (expires_at);
CREATE INDEX mfa_challenges_user_idx ON mfa_challenges (user_id);

ALTER TABLE sessions ADD COLUMN amr text NOT NULL DEFAULT 'pwd';
