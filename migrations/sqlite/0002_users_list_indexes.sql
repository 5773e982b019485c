-- Indexes for the admin users list (GET /api/v1/users): each order it offers is read straight
-- from an index over the live users, ties broken by id. E-mail order uses users_email_key.
CREATE INDEX users_list_created_at_idx ON users (created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX users_list_display_name_idx ON users (display_name COLLATE NOCASE, id)
  WHERE deleted_at IS NULL;
