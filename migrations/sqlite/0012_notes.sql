-- The example resource (docs/architecture.md): a principal's own notes. `owner_id` is the access
-- token's subject (a user or a service account) and deliberately no foreign key: a service
-- without the identity domain has no users table, and ownership is only the token's subject.
-- A list is one owner's notes newest first (created_at, then rowid: the insertion order).
CREATE TABLE notes (
  id         TEXT    NOT NULL PRIMARY KEY,
  owner_id   TEXT    NOT NULL,
  title      TEXT    NOT NULL,
  body       TEXT    NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX notes_owner_idx ON notes (owner_id, created_at);
