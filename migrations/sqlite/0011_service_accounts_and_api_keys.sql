-- Service accounts (client credentials, RFC 6749 §4.4) and API keys: credentials for programs.
-- Only the SHA-256 of each secret is stored (docs/security.md#service-accounts, #api-keys).

CREATE TABLE service_accounts (
  id            TEXT    NOT NULL PRIMARY KEY,
  name          TEXT    NOT NULL UNIQUE,
  description   TEXT    NOT NULL DEFAULT '',
  client_id     TEXT    NOT NULL UNIQUE,
  secret_hash   TEXT    NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  token_version INTEGER NOT NULL DEFAULT 1,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);

CREATE TABLE service_account_roles (
  service_account_id TEXT NOT NULL REFERENCES service_accounts (id) ON DELETE CASCADE,
  role_id            TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  PRIMARY KEY (service_account_id, role_id)
) WITHOUT ROWID;
CREATE INDEX service_account_roles_role_idx ON service_account_roles (role_id);

-- Owned by exactly one user or service account. A user's keys stay with the soft-deleted row
-- (and stop working: the owner is checked on every request); an account's go with it.
CREATE TABLE api_keys (
  id                 TEXT    NOT NULL PRIMARY KEY,
  public_id          TEXT    NOT NULL UNIQUE,
  secret_hash        TEXT    NOT NULL,
  name               TEXT    NOT NULL,
  user_id            TEXT    REFERENCES users (id) ON DELETE CASCADE,
  service_account_id TEXT    REFERENCES service_accounts (id) ON DELETE CASCADE,
  permissions        TEXT,   -- space-separated names; NULL: every permission of the owner
  expires_at         INTEGER,
  created_at         INTEGER NOT NULL,
  revoked_at         INTEGER,
  last_used_at       INTEGER,
  last_used_ip       TEXT    NOT NULL DEFAULT '',
  CHECK ((user_id IS NULL) <> (service_account_id IS NULL))
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id, created_at);
CREATE INDEX api_keys_service_account_idx ON api_keys (service_account_id, created_at);
