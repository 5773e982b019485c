// The setting table's messaging section (setting_sections.hpp): key, variable, default,
// description and codec of each setting, in documentation order.
#include "main/config/setting_codecs.hpp"
#include "main/config/setting_sections.hpp"

namespace rampart::config {

void AppendMessagingSettings(std::vector<SettingInfo>& table) {
  using namespace setting_codecs;
  using enum ValueKind;
  using S = Settings;
  table.insert(table.end(), {
      Entry("mail.from", "RAMPART_MAIL_FROM", kString, "rampart <no-reply@localhost>",
            "From of the"
            " verification and password-reset"  // rampart:only(iam)
            " mails: `Name <address>` or an address. The name may be UTF-8 (sent as RFC 2047 "
            "encoded words); the address (ASCII) is also the SMTP envelope sender (MAIL FROM).",
            MailFrom()),
      // rampart:begin(iam)
      Entry("mail.public_base_url", "RAMPART_MAIL_PUBLIC_BASE_URL", kString, "",
            "Base of the links in mails: `<base>/verify-email?token=...` and "
            "`<base>/reset-password?token=...`. Empty means `auth.issuer`: this service's own "
            "pages at those paths (HTML forms that post the token). Point it at your front end "
            "to handle the links there; production requires https.",
            Text(&S::mail_public_base_url)),
      Entry("mail.verify_email_ttl", "RAMPART_MAIL_VERIFY_EMAIL_TTL", kDuration, "24h",
            "How long an e-mail verification link works.", Duration(&S::mail_verify_email_ttl)),
      Entry("mail.reset_password_ttl", "RAMPART_MAIL_RESET_PASSWORD_TTL", kDuration, "30m",
            "How long a password-reset link works.", Duration(&S::mail_reset_password_ttl)),
      // rampart:end
      Entry("outbox.dispatch_interval", "RAMPART_OUTBOX_DISPATCH_INTERVAL", kDuration, "200ms",
            "How often the outbox dispatcher looks for messages to publish, and the mail "
            "pickup consumer for messages on the embedded queue.",
            Duration(&S::outbox_dispatch_interval)),
      Entry("outbox.batch", "RAMPART_OUTBOX_BATCH", kInteger, "100",
            "Most outbox messages published per dispatcher pass.",
            Integer(&S::outbox_batch, 1, 10'000)),
      Entry("outbox.max_attempts", "RAMPART_OUTBOX_MAX_ATTEMPTS", kInteger, "5",
            "Attempts to publish an outbox message the queue refuses for good (the sender's "
            "fault: too large, malformed) before it is marked dead: kept with its error, "
            "counted (`rampart_outbox_dead`, GET /health) and no longer holding back its "
            "aggregate. A queue that is unreachable never kills a message.",
            Integer(&S::outbox_max_attempts, 1, 1000)),
      Entry("queue.max_receives", "RAMPART_QUEUE_MAX_RECEIVES", kInteger, "5",
            "Embedded queue: a message received this many times without being deleted goes to "
            "the dead-letter table.",
            Integer(&S::queue_max_receives, 1, 1000)),
      Entry("queue.visibility_timeout", "RAMPART_QUEUE_VISIBILITY_TIMEOUT", kDuration, "30s",
            "How long a message received by the mail consumer stays invisible before it is "
            "delivered again (whole seconds).",
            Duration(&S::queue_visibility_timeout)),
      // rampart:begin(sqs)
      Entry("queue.url", "RAMPART_QUEUE_URL", kString, "",
            "An Amazon SQS queue URL (or an emulator's): the outbox publishes to it and the mail "
            "consumer reads from it; a URL ending in `.fifo` is a FIFO queue. Empty: the "
            "embedded queue. Credentials, region and endpoint as `aws.*` (docs/messaging.md).",
            QueueUrl(), Secrecy::kUrlPassword),
      Entry("queue.wait_time", "RAMPART_QUEUE_WAIT_TIME", kDuration, "10s",
            "SQS long polling: how long a receive waits for a message (1s to 20s). Shutdown "
            "waits for at most this much for a receive in progress.",
            QueueWaitTime()),
      // rampart:end
      // Domain events (docs/events.md).
      // rampart:begin(sqs)
      Entry("events.queue_url", "RAMPART_EVENTS_QUEUE_URL", kString, "",
            "An Amazon SQS queue URL (or an emulator's) for the domain events: every change the "
            "service announces (docs/events.md) is published to it as a CloudEvents 1.0 JSON "
            "message (`rampart.note.created`, ...); a URL ending in `.fifo` is a FIFO queue "
            "(group = the event's subject, deduplication id = the event id). Empty: an "
            "embedded queue of their own (`<data dir>/events.sqlite3`). Credentials, region "
            "and endpoint as `aws.*`.",
            EventsQueueUrl(), Secrecy::kUrlPassword),
      // rampart:end
      Entry("events.source", "RAMPART_EVENTS_SOURCE", kString, "",
            "The CloudEvents `source` attribute of the domain events (a URI reference naming "
            "this service). Empty: `auth.issuer`.",
            Text(&S::events_source)),

      Entry("audit.retention", "RAMPART_AUDIT_RETENTION", kDuration, "off",
            "How long audit events are kept: older ones are deleted by a background job in "
            "every `rampart serve` (at start, then every `audit.prune_interval`). `off` (or 0) "
            "keeps every event, as Keycloak does unless an expiration is set; e.g. `400d` keeps "
            "13 months (PCI DSS asks for 12). See docs/audit.md.",
            DurationOrOff(&S::audit_retention)),
      Entry("audit.prune_interval", "RAMPART_AUDIT_PRUNE_INTERVAL", kDuration, "1h",
            "How often the retention job looks for audit events older than `audit.retention`.",
            Duration(&S::audit_prune_interval)),
      Entry("audit.prune_batch", "RAMPART_AUDIT_PRUNE_BATCH", kInteger, "1000",
            "Most audit events deleted per transaction by the retention job (1 to 100000): "
            "each batch is a short transaction of its own, so requests never wait long behind "
            "it.",
            Integer(&S::audit_prune_batch, 1, 100'000)),

      // rampart:begin(iam)
      Entry("api_keys.usage_flush_interval", "RAMPART_API_KEYS_USAGE_FLUSH_INTERVAL", kDuration,
            "1m",
            "How often each instance writes the API keys' last use (`lastUsedAt`, `lastUsedIp`): "
            "uses are collected in memory and written in one transaction per interval (and at "
            "shutdown), never per request. See docs/security.md#api-keys.",
            Duration(&S::api_keys_usage_flush_interval)),
      // rampart:end

      Entry("smtp.url", "RAMPART_SMTP_URL", kString, "",
            "The mail relay: `smtp://[user[:password]@]host[:port]` (port 587; STARTTLS per "
            "`smtp.starttls`) or `smtps://...` (port 465, TLS from the first byte); reserved "
            "characters in the user and password percent-encoded. Empty: mails are written as "
            "`.eml` files into `<data_dir>/mail` (development), which production refuses unless "
            "`smtp.allow_pickup_in_production`. See docs/messaging.md.",
            SmtpUrlCodec(), Secrecy::kUrlPassword),
      Entry("smtp.starttls", "RAMPART_SMTP_STARTTLS", kString, "when_offered",
            "STARTTLS on an `smtp://` relay: `when_offered` upgrades when the server offers it "
            "(and goes on in clear text when it does not), `required` refuses to send anything, "
            "credentials or mail, over a connection that was not upgraded. The certificate and "
            "host name are always verified.",
            Choice(&S::smtp_starttls, {"when_offered", "required"})),
      Entry("smtp.allow_plaintext_auth", "RAMPART_SMTP_ALLOW_PLAINTEXT_AUTH", kBoolean, "false",
            "Send the URL's credentials (AUTH PLAIN/LOGIN) over a connection that is not "
            "encrypted. Off: such a session is refused, so a man in the middle who strips "
            "STARTTLS learns nothing; only for a relay on the same host or a trusted network.",
            Boolean(&S::smtp_allow_plaintext_auth)),
      Entry("smtp.ca_file", "RAMPART_SMTP_CA_FILE", kString, "",
            "PEM bundle of the CAs trusted for the relay's certificate; empty means the "
            "system's store. Read at start: a file that cannot be read stops the start.",
            Path(&S::smtp_ca_file, true)),
      Entry("smtp.helo_name", "RAMPART_SMTP_HELO_NAME", kString, "",
            "The name this service gives in EHLO (a fully qualified domain name). Empty: the "
            "host name when it is one, else the connection's address literal (`[10.0.1.5]`).",
            HeloName()),
      Entry("smtp.connect_timeout", "RAMPART_SMTP_CONNECT_TIMEOUT", kDuration, "10s",
            "Time to resolve the relay, connect and (smtps://) finish the TLS handshake.",
            Duration(&S::smtp_connect_timeout)),
      Entry("smtp.greeting_timeout", "RAMPART_SMTP_GREETING_TIMEOUT", kDuration, "30s",
            "Time the relay has to send its 220 greeting after the connection.",
            Duration(&S::smtp_greeting_timeout)),
      Entry("smtp.command_timeout", "RAMPART_SMTP_COMMAND_TIMEOUT", kDuration, "30s",
            "Time the relay has to answer each command (EHLO, STARTTLS and its handshake, AUTH, "
            "MAIL, RCPT, DATA, RSET).",
            Duration(&S::smtp_command_timeout)),
      Entry("smtp.data_timeout", "RAMPART_SMTP_DATA_TIMEOUT", kDuration, "60s",
            "Time to send a message and get the relay's answer to its end. Every step of a "
            "mail also ends when its queue lease does (nine tenths of "
            "`queue.visibility_timeout`): a mail is never still being sent when the queue may "
            "hand it out again.",
            Duration(&S::smtp_data_timeout)),
      Entry("smtp.allow_pickup_in_production", "RAMPART_SMTP_ALLOW_PICKUP_IN_PRODUCTION", kBoolean,
            "false",
            "Let production start without `smtp.url`, writing mails as `.eml` files into "
            "`<data_dir>/mail` only (for a process that collects them there). Off: production "
            "refuses to start, since no mail would reach anyone.",
            Boolean(&S::smtp_allow_pickup_in_production)),
  });
}

}  // namespace rampart::config
