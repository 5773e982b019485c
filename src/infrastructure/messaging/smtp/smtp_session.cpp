#include "infrastructure/messaging/smtp/smtp_session.hpp"

#include <algorithm>

#include "infrastructure/messaging/mail/mime_text.hpp"

namespace rampart::infrastructure::smtp {

namespace {

using Kind = SmtpFailure::Kind;

constexpr int kMaxReplyLines = 100;

SmtpFailure Failure(Kind kind, std::string message, int code = 0) {
  return SmtpFailure{.kind = kind, .message = std::move(message), .code = code};
}

// A name fit for EHLO: a dotted domain of letters, digits and hyphens.
bool IsDomain(std::string_view name) {
  return name.find('.') != std::string_view::npos && !name.starts_with('.') &&
         !name.ends_with('.') && std::all_of(name.begin(), name.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '.' || c == '-';
         });
}

}  // namespace

std::string_view SmtpFailure::KindName() const {
  switch (kind) {
    case Kind::kNetwork:
      return "network";
    case Kind::kTimeout:
      return "timeout";
    case Kind::kTls:
      return "tls";
    case Kind::kProtocol:
      return "protocol";
    case Kind::kRejected:
      return "rejected";
    case Kind::kAuth:
      return "auth";
    case Kind::kPolicy:
      return "policy";
    case Kind::kAborted:
      return "aborted";
  }
  return "unknown";
}

SmtpSession::SmtpSession(SmtpTransport& transport, SmtpSessionOptions options)
    : transport_(transport), options_(std::move(options)) {}

Deadline SmtpSession::StepDeadline(std::chrono::milliseconds timeout, Deadline limit) const {
  return std::min(std::chrono::steady_clock::now() + timeout, limit);
}

SmtpResult<> SmtpSession::Fail(SmtpFailure failure) {
  usable_ = false;
  transport_.Close();
  return std::unexpected(std::move(failure));
}

SmtpResult<SmtpReply> SmtpSession::ReadReply(Deadline deadline) {
  SmtpReply reply;
  for (int count = 0; count < kMaxReplyLines; ++count) {
    auto line = transport_.ReadLine(deadline);
    if (!line) return std::unexpected(line.error());
    const auto parsed = ParseReplyLine(*line);
    if (!parsed || (reply.code != 0 && parsed->code != reply.code)) {
      return std::unexpected(Failure(Kind::kProtocol, "the server's answer is not an SMTP reply"));
    }
    reply.code = parsed->code;
    reply.lines.push_back(parsed->text);
    if (parsed->last) return reply;
  }
  return std::unexpected(Failure(Kind::kProtocol, "the server's reply has too many lines"));
}

SmtpResult<SmtpReply> SmtpSession::Command(std::string_view line, Deadline deadline,
                                           std::string_view shown) {
  std::string bytes(line);
  bytes += "\r\n";
  if (auto written = transport_.Write(bytes, deadline); !written) {
    return std::unexpected(written.error());
  }
  auto reply = ReadReply(deadline);
  if (!reply) {
    auto failure = reply.error();
    failure.message = std::string(shown.empty() ? line : shown) + ": " + failure.message;
    return std::unexpected(std::move(failure));
  }
  return reply;
}

SmtpResult<> SmtpSession::Expect(const SmtpResult<SmtpReply>& reply, int code,
                                 std::string_view step, Kind refused) {
  if (!reply) return std::unexpected(reply.error());
  // Any 2xx/3xx of the expected class is fine (250 and 251 to RCPT, say).
  if (reply->code / 100 == code / 100) return {};
  return std::unexpected(Failure(reply->code >= 400 ? refused : Kind::kProtocol,
                                 std::string(step) + " answered " + reply->Text(), reply->code));
}

SmtpResult<> SmtpSession::Ehlo(Deadline limit) {
  std::string name = options_.helo_name;
  if (!IsDomain(name)) name = transport_.LocalAddressLiteral();
  if (name.empty()) name = "[127.0.0.1]";
  auto reply = Command("EHLO " + name, StepDeadline(options_.timeouts.command, limit));
  if (auto ok = Expect(reply, 250, "EHLO"); !ok) return ok;
  extensions_ = ParseExtensions(*reply);
  return {};
}

SmtpResult<> SmtpSession::Upgrade(Deadline limit) {
  if (options_.implicit_tls) return {};
  const bool required = options_.starttls == StartTls::kRequired;
  if (!extensions_.starttls) {
    if (!required) return {};
    return std::unexpected(Failure(Kind::kPolicy,
                                   "the server does not offer STARTTLS and smtp.starttls is "
                                   "required: nothing sent in clear text"));
  }
  const auto deadline = StepDeadline(options_.timeouts.command, limit);
  auto reply = Command("STARTTLS", deadline);
  if (!reply) return std::unexpected(reply.error());
  if (reply->code != 220) {
    if (!required && reply->code >= 400) return {};  // e.g. 454: TLS unavailable for now
    return std::unexpected(
        Failure(Kind::kPolicy, "STARTTLS answered " + reply->Text(), reply->code));
  }
  if (auto upgraded = transport_.StartTls(deadline); !upgraded) return upgraded;
  // RFC 3207 §4.2: forget everything learnt before the handshake and ask again.
  return Ehlo(limit);
}

SmtpResult<> SmtpSession::Authenticate(Deadline limit) {
  if (options_.username.empty()) return {};
  if (!transport_.Encrypted() && !options_.allow_plaintext_auth) {
    return std::unexpected(
        Failure(Kind::kPolicy,
                "AUTH over an unencrypted connection refused (the server offered no STARTTLS): use "
                "smtps://, a server with STARTTLS, or smtp.allow_plaintext_auth for a relay on a "
                "trusted network"));
  }
  const auto deadline = StepDeadline(options_.timeouts.command, limit);
  if (extensions_.auth_plain) {
    return Expect(Command("AUTH PLAIN " + SaslPlainResponse(options_.username, options_.password),
                          deadline, "AUTH PLAIN"),
                  235, "AUTH PLAIN", Kind::kAuth);
  }
  if (extensions_.auth_login) {
    if (auto ok = Expect(Command("AUTH LOGIN", deadline), 334, "AUTH LOGIN", Kind::kAuth); !ok) {
      return ok;
    }
    if (auto ok = Expect(Command(messaging::Base64(options_.username), deadline, "AUTH LOGIN user"),
                         334, "AUTH LOGIN user", Kind::kAuth);
        !ok) {
      return ok;
    }
    return Expect(Command(messaging::Base64(options_.password), deadline, "AUTH LOGIN password"),
                  235, "AUTH LOGIN", Kind::kAuth);
  }
  return std::unexpected(Failure(Kind::kPolicy, extensions_.auth
                                                    ? "the server offers neither AUTH PLAIN nor "
                                                      "AUTH LOGIN"
                                                    : "credentials are configured but the server "
                                                      "offers no AUTH"));
}

SmtpResult<> SmtpSession::Open(Deadline limit) {
  usable_ = false;
  if (auto connected = transport_.Connect(StepDeadline(options_.timeouts.connect, limit));
      !connected) {
    return Fail(connected.error());
  }
  auto greeting = ReadReply(StepDeadline(options_.timeouts.greeting, limit));
  if (auto ok = Expect(greeting, 220, "the greeting"); !ok) return Fail(ok.error());
  for (auto step : {&SmtpSession::Ehlo, &SmtpSession::Upgrade, &SmtpSession::Authenticate}) {
    if (auto ok = (this->*step)(limit); !ok) return Fail(ok.error());
  }
  usable_ = true;
  return {};
}

SmtpResult<> SmtpSession::Send(const Envelope& envelope, std::string_view message, Deadline limit) {
  if (!usable_) return std::unexpected(Failure(Kind::kNetwork, "the session is closed"));
  const bool utf8 = HasEightBit(envelope.sender) || HasEightBit(envelope.recipient);
  if (utf8 && !extensions_.smtputf8) {
    return std::unexpected(
        Failure(Kind::kPolicy, "the address is not ASCII and the server does not offer SMTPUTF8"));
  }
  const auto command_deadline = [&] { return StepDeadline(options_.timeouts.command, limit); };
  std::string mail_from = "MAIL FROM:<" + envelope.sender + ">";
  if (extensions_.eight_bit_mime) mail_from += " BODY=8BITMIME";
  if (utf8) mail_from += " SMTPUTF8";
  // A refusal (4xx/5xx) ends this mail's transaction only; the session goes on after RSET.
  const auto refused = [&](SmtpResult<> result) -> SmtpResult<> {
    if (result || result.error().kind != Kind::kRejected) {
      if (!result) return Fail(result.error());
      return result;
    }
    if (auto reset = Expect(Command("RSET", command_deadline()), 250, "RSET"); !reset) {
      Fail(reset.error());
    }
    return result;
  };
  if (auto ok = refused(Expect(Command(mail_from, command_deadline()), 250, "MAIL FROM")); !ok) {
    return ok;
  }
  if (auto ok = refused(Expect(Command("RCPT TO:<" + envelope.recipient + ">", command_deadline()),
                               250, "RCPT TO"));
      !ok) {
    return ok;
  }
  if (auto ok = refused(Expect(Command("DATA", command_deadline()), 354, "DATA")); !ok) return ok;
  const auto data_deadline = StepDeadline(options_.timeouts.data, limit);
  if (auto written = transport_.Write(DotStuffed(message), data_deadline); !written) {
    return Fail(written.error());
  }
  return refused(Expect(ReadReply(data_deadline), 250, "the end of DATA"));
}

void SmtpSession::Close(Deadline limit) {
  if (usable_) {
    // The mails are delivered already: a slow or missing 221 changes nothing.
    const auto deadline = StepDeadline(
        std::min<std::chrono::milliseconds>(options_.timeouts.command, std::chrono::seconds(2)),
        limit);
    if (transport_.Write("QUIT\r\n", deadline)) (void)ReadReply(deadline);
  }
  usable_ = false;
  transport_.Close();
}

}  // namespace rampart::infrastructure::smtp
