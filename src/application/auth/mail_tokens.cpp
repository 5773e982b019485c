#include "application/auth/mail_tokens.hpp"

#include "application/common/audit.hpp"
#include "application/common/html_escape.hpp"

#include <vector>

namespace rampart::application {

namespace {

std::string Link(UseCaseContext& context, std::string_view path, std::string_view token) {
  std::string base = context.services.settings.mail.public_base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  // The token is base64url: safe in a query string as it is.
  return base + std::string(path) + "?token=" + std::string(token);
}

std::string Minutes(std::chrono::seconds ttl) {
  if (ttl < std::chrono::minutes(1)) return std::to_string(ttl.count()) + " seconds";
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(ttl).count();
  if (minutes >= 120 && minutes % 60 == 0) return std::to_string(minutes / 60) + " hours";
  return std::to_string(minutes) + " minutes";
}

// A mail's two bodies: plain text, and HTML in which every user-controlled text (the display
// name, the address) is escaped.
struct MailBody {
  std::string text;
  std::string html;
};

// "Hello <name>," then the paragraphs, with `link` as its own line / anchor after the first.
MailBody Compose(const domain::User& user, const std::vector<std::string>& paragraphs,
                 std::string_view link, std::string_view closing) {
  MailBody body;
  body.text = "Hello " + user.display_name + ",\n\n";
  body.html = "<!doctype html>\n<html><head><meta charset=\"utf-8\"></head><body>\n<p>Hello ";
  AppendHtmlEscaped(body.html, user.display_name);
  body.html += ",</p>\n";
  for (const auto& paragraph : paragraphs) {
    body.text += paragraph + "\n\n";
    body.html += "<p>";
    AppendHtmlEscaped(body.html, paragraph);
    body.html += "</p>\n";
  }
  body.text += std::string(link) + "\n\n" + std::string(closing) + "\n";
  body.html += "<p><a href=\"";
  AppendHtmlEscaped(body.html, link);
  body.html += "\">";
  AppendHtmlEscaped(body.html, link);
  body.html += "</a></p>\n<p>";
  AppendHtmlEscaped(body.html, closing);
  body.html += "</p>\n</body></html>\n";
  return body;
}

void Enqueue(UseCaseContext& context, const domain::User& user, std::string_view subject,
             const MailBody& body) {
  const auto id = context.services.random.NewUuid();
  context.Uow().Outbox().Append(
      {.id = id,
       .aggregate_id = user.id,
       .type = "mail",
       .payload = MailPayload(id, user.email.value(), subject, body.text, body.html),
       .created_at = context.services.clock.Now()});
}

}  // namespace

std::string MailPayload(std::string_view id, std::string_view to, std::string_view subject,
                        std::string_view text, std::string_view html) {
  std::string payload = R"({"type":"mail","id":)" + JsonString(id) + R"(,"to":)" +
                        JsonString(to) + R"(,"subject":)" + JsonString(subject) +
                        R"(,"text":)" + JsonString(text);
  if (!html.empty()) payload += R"(,"html":)" + JsonString(html);
  return payload + "}";
}

std::string IssueOneTimeToken(UseCaseContext& context, const domain::User& user,
                              std::string_view purpose, std::chrono::seconds ttl) {
  auto& services = context.services;
  auto token = services.random.NewOpaqueToken();
  const auto now = services.clock.Now();
  context.Uow().OneTimeTokens().Issue({.token_hash = services.random.HashToken(token),
                                       .user_id = user.id,
                                       .purpose = std::string(purpose),
                                       .email = user.email.value(),
                                       .created_at = now,
                                       .expires_at = now + ttl});
  return token;
}

domain::Error BadTokenError() {
  return domain::Error::Validation(
      {{"token", "The token is invalid, expired or has been used already."}});
}

bool StillAddressedTo(const OneTimeToken& token, const domain::User& user) {
  return token.email == user.email.value();
}

domain::Result<OneTimeToken> FindUsableToken(UseCaseContext& context, std::string_view token,
                                             std::string_view purpose) {
  const auto invalid = [] {
    return domain::Fail(domain::Error::Validation(
        {{"token", "The token is invalid, expired or has been used already."}}));
  };
  if (token.empty() || token.size() > 256) return invalid();
  auto found = context.Uow().OneTimeTokens().Find(context.services.random.HashToken(token));
  if (!found || found->purpose != purpose || found->used_at ||
      found->expires_at <= context.services.clock.Now()) {
    return invalid();
  }
  return *found;
}

void EnqueueVerificationMail(UseCaseContext& context, const domain::User& user,
                             std::string_view token) {
  const auto& mail = context.services.settings.mail;
  Enqueue(context, user, "Verify your e-mail address",
          Compose(user,
                  {"please confirm that " + user.email.value() +
                   " is your e-mail address by opening this link:"},
                  Link(context, "/verify-email", token),
                  "The link works once and expires in " + Minutes(mail.verify_email_ttl) +
                      ". If you did not create an account, ignore this mail."));
}

void EnqueueResetMail(UseCaseContext& context, const domain::User& user, std::string_view token) {
  const auto& mail = context.services.settings.mail;
  Enqueue(context, user, "Reset your password",
          Compose(user,
                  {"someone asked to reset the password of your account. To choose a new "
                   "password, open this link:"},
                  Link(context, "/reset-password", token),
                  "The link works once and expires in " + Minutes(mail.reset_password_ttl) +
                      ". If you did not ask for this, ignore this mail: your password stays as "
                      "it is."));
}

}  // namespace rampart::application
