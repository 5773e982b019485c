#include "application/auth/login_refusals.hpp"

#include "domain/audit_event.hpp"

namespace rampart::application {

std::string LoginFailureDetails(std::string_view reason) {
  return std::string(R"({"reason":")") + std::string(reason) + "\"}";
}

domain::Error RejectLogin(UseCaseContext& context, const std::string& user_id,
                          std::string_view reason, FailedPassword source,
                          std::string_view detail) {
  const auto now = context.services.clock.Now();
  context.Begin(TransactionMode::kWrite);
  context.AuditAs("", domain::audit::kLoginFailed, "user", user_id, LoginFailureDetails(reason));
  const auto locked_until = CountAccountFailure(context, user_id, source);
  PruneForgottenAddresses(context);
  context.Commit();
  if (locked_until) return LockedOut(*locked_until - now);
  return domain::Error::Unauthorized(std::string(detail));
}

domain::Error RejectLockedOutLogin(UseCaseContext& context, const std::string& user_id,
                                   std::chrono::seconds remaining) {
  context.Begin(TransactionMode::kWrite);
  context.AuditAs("", domain::audit::kLoginFailed, user_id.empty() ? "" : "user", user_id,
                  LoginFailureDetails("locked_out"));
  context.Commit();
  return LockedOut(remaining);
}

domain::Error RejectLoginUncounted(UseCaseContext& context, const std::string& user_id,
                                   std::string_view reason, std::string_view detail) {
  context.Begin(TransactionMode::kWrite);
  context.AuditAs("", domain::audit::kLoginFailed, user_id.empty() ? "" : "user", user_id,
                  LoginFailureDetails(reason));
  context.Commit();
  return domain::Error::Unauthorized(std::string(detail));
}

}  // namespace rampart::application
