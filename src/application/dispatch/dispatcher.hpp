#pragma once
// The dispatcher: sends a command or query (use_case.hpp) through the pipeline behaviours to
// its handler — MediatR's role in a .NET service. The pipeline, outermost first:
//
//   logging → feature gate → transaction → authorisation → validation → Handle(use case, context)
//
// Everything is resolved at compile time (no type erasure, no allocation beyond the unit of
// work): a dispatch costs what the handler costs plus one clock read. Synchronous and blocking
// (it touches the database): call it on the worker pool.
#include "application/dispatch/authorization.hpp"
#include "application/dispatch/business_metrics.hpp"
#include "application/dispatch/feature_gate.hpp"
#include "application/dispatch/logging.hpp"
#include "application/dispatch/transaction.hpp"
#include "application/dispatch/use_case.hpp"
#include "application/dispatch/validation.hpp"

namespace rampart::application {

class Dispatcher {
 public:
  // Dispatcher: `access_check` decides whether a verified access token is still honoured (the
  // database check, or a cached decorator of it).
  Dispatcher(Services& services, AccessTokenCheck& access_check)
      : services_(services), access_check_(access_check) {
    DeclareBusinessMetrics();
  }

  template <UseCase T>
  domain::Result<typename T::Response> Send(const T& use_case, const Caller& caller) {
    UseCaseContext context(services_, caller);
    auto handle = [&] { return Handle(use_case, context); };
    auto validate = [&] { return ValidationBehaviour(use_case, services_, handle); };
    auto authorize = [&] {
      return AuthorizationBehaviour(T::kRequires, context, access_check_, validate);
    };
    auto transact = [&] { return TransactionBehaviour(T::kTransaction, context, authorize); };
    auto gate = [&] { return FeatureGateBehaviour<T>(services_, transact); };
    return LoggingBehaviour(T::kName, caller, gate);
  }

  // Authorize: authorisation alone, for an endpoint guard that checks before it reads the request
  // body: the caller's current actor (nullopt for a public requirement or a system caller), or
  // kUnauthorized / kForbidden.
  domain::Result<std::optional<Actor>> Authorize(Requirement requirement, const Caller& caller);

  Services& services() { return services_; }
  AccessTokenCheck& access_check() { return access_check_; }

 private:
  Services& services_;
  AccessTokenCheck& access_check_;
};

}  // namespace rampart::application
