-- Indexes for the admin users list (GET /api/v1/users): the display-name order, read from an
-- index over the live users, ties broken by id. (created_at order: users_created_at_idx;
-- e-mail order: users_email_key on lower(email); search: users_search_trgm_idx.)
CREATE INDEX users_display_name_idx ON users (lower(display_name), id) WHERE deleted_at IS NULL;
