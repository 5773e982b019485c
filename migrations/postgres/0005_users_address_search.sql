-- A users-list search term shaped like (part of) an e-mail address around its '@' ("ada@",
-- "@example.org", "ada.lovelace@example.org") is matched with two btree prefix look-ups instead
-- of the trigram index (PgUserRepository::List): the local part reversed (the term's part before
-- its '@' must end the local part) and the domain (the part after must start it). The trigram
-- scan of such a term reads the posting lists of trigrams that many addresses share ("com",
-- "exa", a common local-part prefix): ~750 index pages for one match at 1M users.
-- Not partial: the planner uses an expression index's statistics only when it is not partial,
-- and they are what tell it a domain shared by everyone from a local part shared by no one.
CREATE INDEX users_email_local_reversed_idx
  ON users (reverse(split_part(lower(email), '@', 1)) text_pattern_ops);
CREATE INDEX users_email_domain_idx ON users (split_part(lower(email), '@', 2) text_pattern_ops);
-- The other way such a term matches: a display name containing it (and so an '@'). Rare; this
-- partial index lists exactly those users.
CREATE INDEX users_display_name_with_at_idx ON users (id)
  WHERE deleted_at IS NULL AND display_name LIKE '%@%';
