-- One GET /api/v1/users?search=<term>&page=<n>&pageSize=20 (default sort: newest first) as the
-- PostgreSQL adapter runs it (PgUserRepository::List, one round trip: the page with its role
-- names, and the total even past the last page): the page and the total from one scan of the matches
-- through the trigram GIN index on the stored column `search` (migration 0002). The
-- MATERIALIZED CTE matters: with `count(*) OVER ()` under a LIMIT the planner believes it can stop early and, for short terms, walks the created_at index over
-- all 1M rows (2.2 s measured); the CTE is planned without the LIMIT.
-- An e-mail-shaped term (one '@', no space, no wildcard) is matched through the address indexes of
-- migration 0005 instead (same matches: docs/postgres.md).
-- pgbench picks the term (a last name: ~10,000 matches; or an e-mail number: a few) and page;
-- run with -M extended: the term is a bound parameter and every execution gets a custom plan
-- (a cached generic plan cannot see how selective the term is).
\set last random(1, 100)
\set page random(1, 5)
\set number random(1, 1000000)
\set kind random(0, 1)
SELECT CASE WHEN :kind = 0
            THEN lower((ARRAY['Lovelace','Turing','Liskov','Kernighan','Shannon','Ritchie','Knuth','Dijkstra','Clarke','Allen','Hopper','Rossum','Lamarr','Sutherland','Sammet','Backus','Thompson','Spark','Lamport','Torvalds','Hamilton','Minsky','Wirth','Lynch','Dahl','Naur','Perlman','Pike','Wilson','Wozniak','Berners','Hoare','Franklin','Cerf','Diffie','Matsumoto','Stroustrup','Babbage','Scott','Gamma','Sussman','Abelson','Kay','Kahan','Hellman','Rivest','Shamir','Adleman','Merkle','Bellman','Codd','Gray','Stonebraker','Bachman','Chen','Boyce','Ullman','Aho','Sethi','Hopcroft','Tarjan','Karp','Cook','Levin','Rabin','Floyd','Milner','Church','Curry','Haskell','McCarthy','Steele','Gabriel','Graham','Norvig','Russell','Pearl','Valiant','Blum','Micali','Goldwasser','Yao','Papadimitriou','Sipser','Wigderson','Kleinberg','Tardos','Vazirani','Shor','Grover','Deutsch','Feynman','Neumann','Zuse','Eckert','Mauchly','Atanasoff','Aiken','Wilkes','Hollerith'])[:last])
            ELSE 'user' || :number || '@' END AS term
\gset
\if :kind = 0
WITH m AS MATERIALIZED (
  SELECT u.id, u.created_at, u.email, u.display_name FROM users u
   WHERE u.deleted_at IS NULL AND u.search LIKE lower('%' || :term || '%')),
p AS (SELECT u.* FROM m u ORDER BY u.created_at DESC, u.id DESC LIMIT 20 OFFSET (:page - 1) * 20)
SELECT u.id, u.email, u.display_name, u.password_hash, u.email_verified, u.locked, u.token_version,
       u.failed_logins, extract(epoch from u.last_failed_login_at)::bigint,
       extract(epoch from u.locked_until)::bigint, extract(epoch from u.created_at)::bigint,
       extract(epoch from u.updated_at)::bigint,
       (SELECT array_agg(r.name ORDER BY r.name) FROM user_roles ur JOIN roles r
         ON r.id = ur.role_id WHERE ur.user_id = u.id),
       c.n
  FROM (SELECT count(*) AS n FROM m) c LEFT JOIN (p JOIN users u ON u.id = p.id) ON true
 ORDER BY p.created_at DESC, p.id DESC;
\else
WITH m AS MATERIALIZED (
  SELECT u.id, u.created_at, u.email, u.display_name FROM users u
   WHERE u.deleted_at IS NULL
     AND ((reverse(split_part(lower(u.email), '@', 1)) LIKE reverse(split_part(lower(:term), '@', 1)) || '%'
           AND split_part(lower(u.email), '@', 2) LIKE split_part(lower(:term), '@', 2) || '%')
          OR (u.display_name LIKE '%@%' AND lower(u.display_name) LIKE '%' || lower(:term) || '%'))),
p AS (SELECT u.* FROM m u ORDER BY u.created_at DESC, u.id DESC LIMIT 20 OFFSET (:page - 1) * 20)
SELECT u.id, u.email, u.display_name, u.password_hash, u.email_verified, u.locked, u.token_version,
       u.failed_logins, extract(epoch from u.last_failed_login_at)::bigint,
       extract(epoch from u.locked_until)::bigint, extract(epoch from u.created_at)::bigint,
       extract(epoch from u.updated_at)::bigint,
       (SELECT array_agg(r.name ORDER BY r.name) FROM user_roles ur JOIN roles r
         ON r.id = ur.role_id WHERE ur.user_id = u.id),
       c.n
  FROM (SELECT count(*) AS n FROM m) c LEFT JOIN (p JOIN users u ON u.id = p.id) ON true
 ORDER BY p.created_at DESC, p.id DESC;
\endif
