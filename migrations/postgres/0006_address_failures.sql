-- Failed-login counters of addresses without an account: such an address is locked out like an
-- account (domain::LockoutPolicy), so the lockout does not tell which addresses have one.
-- `key` is the SHA-256 (hex) of the address as looked up, never the address itself: the table
-- holds no list of typed addresses, and a row is small whatever was typed. A counter is deleted
-- once its last failure is older than the policy's reset period and longest lock
-- (application/auth/failed_logins.hpp), along the index on that time.
CREATE TABLE address_failures (
  key            text        NOT NULL PRIMARY KEY,
  failed_logins  integer     NOT NULL,
  last_failed_at timestamptz NOT NULL,
  locked_until   timestamptz
);
CREATE INDEX address_failures_last_failed_idx ON address_failures (last_failed_at);
