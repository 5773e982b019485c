-- Domain events beside the mails (docs/messaging.md): each outbox row belongs to a stream, the
-- queue it is published to (`mail`, or `events`: CloudEvents for other services). A row the
-- queue refused for good is marked dead (`dead_at`): kept with its error, no longer retried,
-- no longer holding back its aggregate, and counted (metrics, GET /health). The relay claims
-- the oldest live unsent row of each aggregate (its head), so the index serves both the scan
-- in order and the look-up of an aggregate's earlier rows.
ALTER TABLE outbox ADD COLUMN stream TEXT NOT NULL DEFAULT 'mail';
ALTER TABLE outbox ADD COLUMN dead_at INTEGER;
DROP INDEX outbox_pending_idx;
CREATE INDEX outbox_pending_idx ON outbox (stream, seq) WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_aggregate_idx ON outbox (stream, aggregate_id, seq)
  WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead_idx ON outbox (stream) WHERE dead_at IS NOT NULL AND sent_at IS NULL;
CREATE INDEX outbox_sent_idx ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- The consumers' inbox: (consumer, message id) recorded when a consumer has handled a message,
-- in the handler's own transaction where it has one, so a second delivery of the same message
-- (at-least-once) is recognised and absorbed. `message_id` is the id the message carries (the
-- mail's id, the CloudEvent's id), the same on every delivery, republish and redrive.
CREATE TABLE inbox (
  consumer   TEXT    NOT NULL,
  message_id TEXT    NOT NULL,
  handled_at INTEGER NOT NULL,
  PRIMARY KEY (consumer, message_id)
) WITHOUT ROWID;
CREATE INDEX inbox_handled_idx ON inbox (handled_at);

-- Why a consumer last failed to handle a message (the queue keeps no error): what
-- `rampart queue dead-letters` shows beside each dead letter. Keyed by the queue's message id,
-- which a message keeps when it moves to the dead-letter queue.
CREATE TABLE delivery_failures (
  queue         TEXT    NOT NULL,
  message_id    TEXT    NOT NULL,
  consumer      TEXT    NOT NULL,
  receive_count INTEGER NOT NULL,
  error         TEXT    NOT NULL,
  failed_at     INTEGER NOT NULL,
  PRIMARY KEY (queue, message_id)
) WITHOUT ROWID;
CREATE INDEX delivery_failures_at_idx ON delivery_failures (failed_at);
