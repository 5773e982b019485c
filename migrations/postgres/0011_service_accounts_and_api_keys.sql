-- Service accounts (client credentials, RFC 6749 §4.4) and API keys: credentials for programs
-- (PostgreSQL dialect). Only the SHA-256 of each secret is stored.

CREATE TABLE service_accounts (
  id            uuid        NOT NULL PRIMARY KEY,
  name          text        NOT NULL UNIQUE,
  description   text        NOT NULL DEFAULT '',
  client_id     text        NOT NULL UNIQUE,
  secret_hash   text        NOT NULL,
  disabled      boolean     NOT NULL DEFAULT false,
  token_version integer     NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);

CREATE TABLE service_account_roles (
  service_account_id uuid NOT NULL REFERENCES service_accounts (id) ON DELETE CASCADE,
  role_id            uuid NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  PRIMARY KEY (service_account_id, role_id)
);
CREATE INDEX service_account_roles_role_idx ON service_account_roles (role_id);

-- Owned by exactly one user or service account. A user's keys stay with the soft-deleted row
-- (and stop working: the owner is checked on every request); an account's go with it.
CREATE TABLE api_keys (
  id                 uuid        NOT NULL PRIMARY KEY,
  seq                bigint      GENERATED ALWAYS AS IDENTITY,
  public_id          text        NOT NULL UNIQUE,
  secret_hash        text        NOT NULL,
  name               text        NOT NULL,
  user_id            uuid        REFERENCES users (id) ON DELETE CASCADE,
  service_account_id uuid        REFERENCES service_accounts (id) ON DELETE CASCADE,
  permissions        text,  -- space-separated names; NULL: every permission of the owner
  expires_at         timestamptz,
  created_at         timestamptz NOT NULL,
  revoked_at         timestamptz,
  last_used_at       timestamptz,
  last_used_ip       text        NOT NULL DEFAULT '',
  CHECK ((user_id IS NULL) <> (service_account_id IS NULL))
);
CREATE INDEX api_keys_user_idx ON api_keys (user_id, created_at, seq);
CREATE INDEX api_keys_service_account_idx ON api_keys (service_account_id, created_at, seq);
