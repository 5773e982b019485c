-- rampart:begin(iam)
-- Initial schema: accounts, roles and permissions, sessions with rotating refresh tokens, and
-- the audit log. Times are INTEGER unix seconds (UTC); ids are canonical UUID strings.
-- rampart:else
-- -- Initial schema: the audit log. Times are INTEGER unix seconds (UTC); ids are canonical UUID
-- -- strings.
-- rampart:end
-- schema_migrations itself is created by the migrator, not here.

-- rampart:begin(iam)
CREATE TABLE users (
  id                   TEXT    NOT NULL PRIMARY KEY,
  -- Stored normalised (lower case) by the domain; NOCASE is the second line of defence so that
  -- uniqueness and look-ups stay case-insensitive whatever a future writer does.
  email                TEXT    NOT NULL COLLATE NOCASE,
  display_name         TEXT    NOT NULL,
  password_hash        TEXT    NOT NULL,
  email_verified       INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
  locked               INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
  token_version        INTEGER NOT NULL DEFAULT 1,
  failed_logins        INTEGER NOT NULL DEFAULT 0,
  last_failed_login_at INTEGER,
  locked_until         INTEGER,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  deleted_at           INTEGER  -- soft delete: such a row is invisible to every look-up
);
-- Only live accounts hold their address, so a deleted account does not block re-registration.
CREATE UNIQUE INDEX users_email_key ON users (email) WHERE deleted_at IS NULL;
CREATE INDEX users_created_at_idx ON users (created_at);

CREATE TABLE roles (
  id          TEXT    NOT NULL PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE,
  description TEXT    NOT NULL DEFAULT '',
  built_in    INTEGER NOT NULL DEFAULT 0 CHECK (built_in IN (0, 1))
);

-- Mirrors domain::PermissionCatalogue(); rewritten by RoleRepository::SyncPermissions at start.
CREATE TABLE permissions (
  name        TEXT NOT NULL PRIMARY KEY,
  description TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE role_permissions (
  role_id    TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  permission TEXT NOT NULL REFERENCES permissions (name) ON DELETE CASCADE,
  PRIMARY KEY (role_id, permission)
) WITHOUT ROWID;
CREATE INDEX role_permissions_permission_idx ON role_permissions (permission);

CREATE TABLE user_roles (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_id TEXT NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, role_id)
) WITHOUT ROWID;
CREATE INDEX user_roles_role_idx ON user_roles (role_id);

CREATE TABLE sessions (
  id                  TEXT    NOT NULL PRIMARY KEY,
  user_id             TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at          INTEGER NOT NULL,
  last_used_at        INTEGER NOT NULL,
  idle_expires_at     INTEGER NOT NULL,
  absolute_expires_at INTEGER NOT NULL,
  revoked_at          INTEGER,
  revoked_reason      TEXT    NOT NULL DEFAULT '',
  ip                  TEXT    NOT NULL DEFAULT '',
  user_agent          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id, created_at);

-- Only the SHA-256 of each opaque refresh token is stored.
CREATE TABLE refresh_tokens (
  token_hash TEXT    NOT NULL PRIMARY KEY,
  session_id TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  issued_at  INTEGER NOT NULL,
  spent_at   INTEGER
) WITHOUT ROWID;
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);
-- rampart:end

-- Append-only. No foreign keys: the trail must outlive the users and sessions it mentions.
CREATE TABLE audit_events (
  id             TEXT    NOT NULL PRIMARY KEY,
  at             INTEGER NOT NULL,
  action         TEXT    NOT NULL,
  actor_id       TEXT    NOT NULL DEFAULT '',
  target_type    TEXT    NOT NULL DEFAULT '',
  target_id      TEXT    NOT NULL DEFAULT '',
  ip             TEXT    NOT NULL DEFAULT '',
  user_agent     TEXT    NOT NULL DEFAULT '',
  correlation_id TEXT    NOT NULL DEFAULT '',
  details        TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_at_idx ON audit_events (at);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, at);
CREATE INDEX audit_events_target_idx ON audit_events (target_id, at);
CREATE INDEX audit_events_action_idx ON audit_events (action, at);
