-- The example resource (docs/architecture.md): a principal's own notes (PostgreSQL dialect).
-- `owner_id` is the access token's subject (a user or a service
-- account) and deliberately no foreign key: a service without the identity domain has no users
-- table, and ownership is only the token's subject. A list is one owner's notes newest first
-- (created_at, then seq: the insertion order).
CREATE TABLE notes (
  id         uuid        NOT NULL PRIMARY KEY,
  seq        bigint      GENERATED ALWAYS AS IDENTITY,
  owner_id   text        NOT NULL,
  title      text        NOT NULL,
  body       text        NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX notes_owner_idx ON notes (owner_id, created_at, seq);
