-- rampart:begin(iam)
-- Initial schema (PostgreSQL dialect): accounts, roles and
-- permissions, sessions with rotating refresh tokens, and the audit log.
-- rampart:else
-- -- Initial schema (PostgreSQL dialect): the audit log.
-- rampart:end
-- Ids are uuid, times timestamptz (the adapter exchanges them as unix seconds). schema_migrations
-- itself is created by the migrator, not here.

-- Trigram indexes for the users list search (a trusted extension: the database owner may
-- create it; it ships in Debian's postgresql-15 package).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- rampart:begin(iam)
CREATE TABLE users (
  id                   uuid        NOT NULL PRIMARY KEY,
  -- Stored normalised (lower case) by the domain; the unique index on lower(email) keeps
  -- uniqueness and look-ups case-insensitive whatever a future writer does.
  email                text        NOT NULL,
  display_name         text        NOT NULL,
  password_hash        text        NOT NULL,
  email_verified       boolean     NOT NULL DEFAULT false,
  locked               boolean     NOT NULL DEFAULT false,
  token_version        integer     NOT NULL DEFAULT 1,
  failed_logins        integer     NOT NULL DEFAULT 0,
  last_failed_login_at timestamptz,
  locked_until         timestamptz,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  deleted_at           timestamptz  -- soft delete: such a row is invisible to every look-up
);
-- Only live accounts hold their address, so a deleted account does not block re-registration.
CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE deleted_at IS NULL;
-- The users list: default order (newest first, id breaks ties) and substring search over
-- e-mail and display name (lower(email) || ' ' || lower(display_name) LIKE '%term%').
CREATE INDEX users_created_at_idx ON users (created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX users_search_trgm_idx ON users
  USING gin ((lower(email) || ' ' || lower(display_name)) gin_trgm_ops) WHERE deleted_at IS NULL;

CREATE TABLE roles (
  id          uuid    NOT NULL PRIMARY KEY,
  name        text    NOT NULL UNIQUE,
  description text    NOT NULL DEFAULT '',
  built_in    boolean NOT NULL DEFAULT false
);

-- Mirrors domain::PermissionCatalogue(); rewritten by RoleRepository::SyncPermissions at start.
CREATE TABLE permissions (
  name        text NOT NULL PRIMARY KEY,
  description text NOT NULL DEFAULT ''
);

CREATE TABLE role_permissions (
  role_id    uuid NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  permission text NOT NULL REFERENCES permissions (name) ON DELETE CASCADE,
  PRIMARY KEY (role_id, permission)
);
CREATE INDEX role_permissions_permission_idx ON role_permissions (permission);

CREATE TABLE user_roles (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_id uuid NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_role_idx ON user_roles (role_id);

CREATE TABLE sessions (
  id                  uuid        NOT NULL PRIMARY KEY,
  -- Insertion order: breaks ties between sessions opened within the same second.
  seq                 bigint      GENERATED ALWAYS AS IDENTITY,
  user_id             uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at          timestamptz NOT NULL,
  last_used_at        timestamptz NOT NULL,
  idle_expires_at     timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  revoked_at          timestamptz,
  revoked_reason      text        NOT NULL DEFAULT '',
  ip                  text        NOT NULL DEFAULT '',
  user_agent          text        NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id, created_at, seq);

-- Only the SHA-256 of each opaque refresh token is stored.
CREATE TABLE refresh_tokens (
  token_hash text        NOT NULL PRIMARY KEY,
  session_id uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  issued_at  timestamptz NOT NULL,
  spent_at   timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);
-- rampart:end

-- Append-only. No foreign keys: the trail must outlive the users and sessions it mentions.
-- details is json (not jsonb) so that the stored text comes back exactly as written.
CREATE TABLE audit_events (
  id             uuid        NOT NULL PRIMARY KEY,
  seq            bigint      GENERATED ALWAYS AS IDENTITY,
  at             timestamptz NOT NULL,
  action         text        NOT NULL,
  actor_id       text        NOT NULL DEFAULT '',
  target_type    text        NOT NULL DEFAULT '',
  target_id      text        NOT NULL DEFAULT '',
  ip             text        NOT NULL DEFAULT '',
  user_agent     text        NOT NULL DEFAULT '',
  correlation_id text        NOT NULL DEFAULT '',
  details        json        NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_at_idx ON audit_events (at, seq);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, at, seq);
CREATE INDEX audit_events_target_idx ON audit_events (target_id, at, seq);
CREATE INDEX audit_events_action_idx ON audit_events (action, at, seq);
