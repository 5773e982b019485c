-- The address a one-time token was mailed to: a token stops working when the account's e-mail
-- address changes (a verification link sent to the old address must not verify the new one).
ALTER TABLE one_time_tokens ADD COLUMN email TEXT NOT NULL DEFAULT '';
