-- rampart:begin(postgres)
-- Version 0005 on PostgreSQL adds the indexes for address-shaped search terms (see
-- migrations/postgres/0005_users_address_search.sql). SQLite searches the users list with a
-- scan of the live users (docs/users.md) and needs no index for it: this version changes
-- nothing here, and exists so that both databases carry the same schema versions.
-- rampart:else
-- -- Version 0005: SQLite searches the users list with a scan of the live users (docs/users.md)
-- -- and needs no index for it: this version changes nothing.
-- rampart:end
SELECT 1;
