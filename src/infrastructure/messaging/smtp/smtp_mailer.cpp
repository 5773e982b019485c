#include "infrastructure/messaging/smtp/smtp_mailer.hpp"

#include <optional>
#include <stdexcept>

#include "common/log.hpp"
#include "infrastructure/messaging/mail/eml.hpp"
#include "infrastructure/messaging/mail/ledger_calls.hpp"
#include "infrastructure/messaging/mail/mail_message.hpp"
#include "infrastructure/messaging/mail/mime_text.hpp"
#include "infrastructure/resilience/backoff.hpp"
#include "telemetry/metrics.hpp"

namespace rampart::infrastructure::smtp {

namespace {

using SteadyClock = std::chrono::steady_clock;

// Mails by outcome: delivered, refused (by the server), unreadable, not_attempted.
telemetry::CounterFamily& Mails() {
  static auto& family = telemetry::Metrics().Counter(
      "rampart.mail.smtp.messages", "Mail messages handled by the SMTP consumer, by outcome.",
      "{message}", {"outcome"});
  return family;
}

// Sessions that could not be opened or broke, by failure kind (network, timeout, tls, ...).
telemetry::CounterFamily& SessionFailures() {
  static auto& family = telemetry::Metrics().Counter(
      "rampart.mail.smtp.session_failures",
      "SMTP sessions that failed to open or broke, by kind of failure.", "{session}", {"kind"});
  return family;
}

bool Stopped(const PassLimits& limits) { return limits.stop != nullptr && limits.stop->load(); }

}  // namespace

struct SmtpMailer::Backoff {
  explicit Backoff(const SmtpMailerOptions& options)
      : delays({.initial = options.backoff_initial, .max = options.backoff_max}) {}
  resilience::Backoff delays;
  Deadline retry_at{};
  int failures = 0;
  std::string last_error;
};

SmtpMailer::SmtpMailer(application::MessageQueue& queue, TransportFactory transports,
                       SmtpSessionOptions session, SmtpMailerOptions options)
    : queue_(queue),
      transports_(std::move(transports)),
      session_options_(std::move(session)),
      options_(std::move(options)),
      backoff_(std::make_unique<Backoff>(options_)) {
  const auto from = messaging::ParseMailbox(options_.from);
  if (!from) throw std::invalid_argument("mail.from " + from.error());
  sender_ = from->address;
  for (const char* outcome : {"delivered", "refused", "unreadable", "not_attempted", "duplicate"}) {
    Mails().With({outcome});
  }
}

SmtpMailer::~SmtpMailer() = default;

void SmtpMailer::SessionFailed(const SmtpFailure& failure, Outcome& outcome) {
  outcome.session_failed = true;
  if (failure.kind == SmtpFailure::Kind::kAborted) return;  // shutdown, not an outage
  SessionFailures().With({std::string(failure.KindName())}).Add();
  const auto delay = backoff_->delays.Next();
  backoff_->retry_at = SteadyClock::now() + delay;
  // One warning when the failure starts or changes; the retries of the same one go to debug.
  if (backoff_->failures == 0 || failure.message != backoff_->last_error) {
    log::Warn("mail", "SMTP session failed; mails wait on the queue",
              {{"error", failure.message},
               {"kind", failure.KindName()},
               {"retryInMs", static_cast<long long>(delay.count())}});
  } else {
    log::Debug("mail", "SMTP session failed again",
               {{"error", failure.message}, {"attempt", backoff_->failures + 1}});
  }
  ++backoff_->failures;
  backoff_->last_error = failure.message;
}

bool SmtpMailer::OpenSession(SmtpSession& session, Deadline limit, Outcome& outcome) {
  const auto opened = session.Open(limit);
  if (!opened) {
    SessionFailed(opened.error(), outcome);
    return false;
  }
  if (backoff_->failures > 0) {
    log::Info("mail", "SMTP server reachable again", {{"failedAttempts", backoff_->failures}});
  }
  backoff_->failures = 0;
  backoff_->last_error.clear();
  backoff_->delays.Reset();
  return true;
}

SmtpMailer::Outcome SmtpMailer::PollOnce(const PassLimits& limits) {
  Outcome outcome;
  if (Stopped(limits) || SteadyClock::now() < backoff_->retry_at) return outcome;
  // Made only when there is something to say: an idle poll costs no connection.
  std::unique_ptr<SmtpTransport> transport;
  std::optional<SmtpSession> session;
  const auto open = [&](Deadline limit) {
    transport = transports_(limits.stop);
    session.emplace(*transport, session_options_);
    return OpenSession(*session, limit, outcome);
  };
  // After a failure, prove the server is back before taking messages off the queue: each
  // receive counts towards the dead-letter limit.
  if (backoff_->failures > 0 && !open(limits.deadline)) return outcome;

  const auto messages = queue_.Receive(options_.batch, options_.visibility_timeout);
  if (messages.empty()) {
    if (session) session->Close(limits.deadline);
    return outcome;
  }
  // Each mail is sent while the receive still hides it from other consumers (with a tenth of
  // the visibility timeout to spare).
  const auto lease =
      std::min(SteadyClock::now() + options_.visibility_timeout * 9 / 10, limits.deadline);
  if (!session && !open(lease)) {
    outcome.not_attempted = static_cast<int>(messages.size());
    Mails().With({"not_attempted"}).Add(messages.size());
    return outcome;
  }
  for (const auto& message : messages) {
    if (!session->Usable() || Stopped(limits) || SteadyClock::now() >= lease) {
      ++outcome.not_attempted;
      Mails().With({"not_attempted"}).Add();
      continue;
    }
    const auto mail = messaging::ParseMailMessage(message.body);
    if (!mail) {
      ++outcome.unreadable;
      Mails().With({"unreadable"}).Add();
      log::Warn("mail", "unreadable mail message left on the queue",
                {{"messageId", message.message_id}, {"receiveCount", message.receive_count}});
      messaging::RecordFailure(options_.ledger, message, "not a mail message");
      continue;
    }
    if (messaging::HandledBefore(options_.ledger, mail->id)) {
      // Sent before (its delete was lost, or it was published or redriven again): absorbed.
      ++outcome.duplicates;
      Mails().With({"duplicate"}).Add();
      queue_.Delete(message.receipt_handle);
      continue;
    }
    const auto text =
        messaging::FormatEml({.from = options_.from,
                              .to = mail->to,
                              .subject = mail->subject,
                              .text = mail->text,
                              .html = mail->html,
                              .message_id = mail->id + "@rampart",
                              .date = message.sent_at,
                              .seven_bit = !session->ServerExtensions().eight_bit_mime});
    const auto sent = session->Send({.sender = sender_, .recipient = mail->to}, text, lease);
    if (sent) {
      ++outcome.delivered;
      Mails().With({"delivered"}).Add();
      messaging::RecordHandled(options_.ledger, mail->id);
      if (!queue_.Delete(message.receipt_handle)) {
        log::Warn("mail", "mail sent after its receive expired: it may be sent again",
                  {{"mailId", mail->id}});
      }
      continue;
    }
    const auto& failure = sent.error();
    if (session->Usable()) {
      ++outcome.refused;
      Mails().With({"refused"}).Add();
      messaging::RecordFailure(options_.ledger, message, failure.message);
      log::Warn("mail", "SMTP server refused a mail; left on the queue for redelivery",
                {{"mailId", mail->id},
                 {"code", failure.code},
                 {"error", failure.message},
                 {"receiveCount", message.receive_count}});
      continue;
    }
    // The connection broke (or shutdown stopped it): this mail's fate is unknown to us, so it
    // stays on the queue like the rest.
    ++outcome.not_attempted;
    Mails().With({"not_attempted"}).Add();
    SessionFailed(failure, outcome);
  }
  session->Close(limits.deadline);
  return outcome;
}

}  // namespace rampart::infrastructure::smtp
