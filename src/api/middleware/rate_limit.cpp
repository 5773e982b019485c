#include "api/middleware/rate_limit.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <fmt/format.h>

#include "api/http/percent_decode.hpp"
#include "api/http/problem.hpp"
#include "common/ip_network.hpp"
#include "common/log.hpp"
#include "domain/credential_format.hpp"  // rampart:only(iam)

namespace rampart::api {
namespace {

namespace asio = boost::asio;
using application::RateLimitDecision;
using application::RateLimitPolicy;

// Whole seconds, rounded up: a client that waits this long finds a token.
long long CeilSeconds(std::chrono::microseconds duration) {
  return (duration.count() + 999'999) / 1'000'000;
}

std::string PolicyItem(const RateLimitPolicy& policy) {
  return fmt::format("\"{}\";q={};w={}", policy.name, policy.limit, CeilSeconds(policy.window));
}

// Appends `item` to a structured-field list header, creating it if needed.
void AppendListItem(Response& response, std::string_view name, std::string_view item) {
  for (auto& [header, value] : response.headers) {
    if (!EqualsIgnoreCase(header, name)) continue;
    value.append(", ").append(item);
    return;
  }
  response.headers.emplace_back(std::string(name), std::string(item));
}

// The decision of a store that could not decide at once (TryTakeNow gave nullopt), awaited. The
// completion is posted back to the connection's I/O thread, never run inline: resuming the
// coroutine inside the store's call would stack the rest of the pipeline on the store's frames.
asio::awaitable<RateLimitDecision> TakeLater(application::RateLimitStore& store,
                                             std::string_view key, const RateLimitPolicy& policy) {
  return asio::async_initiate<const asio::use_awaitable_t<>, void(RateLimitDecision)>(
      [&store, key, &policy](auto handler) {
        // Tracked work: the loop keeps running for as long as the store holds the completion,
        // even after the decision was posted (a store may free it after its callback returned).
        auto executor = asio::prefer(asio::get_associated_executor(handler),
                                     asio::execution::outstanding_work.tracked);
        store.Take(key, policy, 1,
                   [handler = std::move(handler),
                    executor = std::move(executor)](RateLimitDecision decision) mutable {
                     asio::post(executor, [handler = std::move(handler), decision]() mutable {
                       std::move(handler)(decision);
                     });
                   });
      },
      asio::use_awaitable);
}

// The bucket key of a client address. An IPv6 client usually holds a whole /64 (and can pick
// any address in it), so IPv6 addresses share the bucket of their /64; IPv4 ones are their own.
std::string ClientKey(std::string_view prefix, std::string_view client_ip) {
  std::string key(prefix);
  if (client_ip.find(':') == std::string_view::npos) return key.append(client_ip);
  auto address = net::IpAddress::Parse(client_ip);
  if (!address) return key.append(client_ip);
  if (!address->IsV4()) std::fill(address->bytes.begin() + 8, address->bytes.end(), 0);
  return key.append(address->ToString());
}

struct Outcome {
  const RateLimitPolicy* policy;
  const std::string* policy_header;
  RateLimitDecision decision;
};

void AddHeaders(Response& response, const Outcome& outcome) {
  AppendListItem(response, "RateLimit-Policy", *outcome.policy_header);
  AppendListItem(response, "RateLimit",
                 fmt::format("\"{}\";r={};t={}", outcome.policy->name, outcome.decision.remaining,
                             CeilSeconds(outcome.decision.reset)));
}

Response TooManyRequests(const Request& request, const Outcome& refused) {
  const long long retry_after = std::max(1LL, CeilSeconds(refused.decision.retry_after));
  Response response =
      ProblemWithStatus(429, "rate-limited", "Too many requests",
                        fmt::format("Too many requests; retry in {} s.", retry_after), request);
  response.SetHeader("Retry-After", std::to_string(retry_after));
  log::Debug("http", "rate limit reached",
             {{"correlationId", request.correlation_id},
              {"policy", refused.policy->name},
              {"clientIp", request.client_ip}});
  return response;
}

}  // namespace

RateLimitMiddleware::RateLimitMiddleware(application::RateLimitStore& store, RateLimitScope scope,
                                         RateLimitPolicies policies)
    : store_(store),
      scope_(scope),
      policies_(policies),
      ip_policy_header_(PolicyItem(policies_.ip)),
      auth_policy_header_(PolicyItem(policies_.auth)),  // rampart:only(iam)
      user_policy_header_(PolicyItem(policies_.user)) {}

// rampart:begin(iam)
bool RateLimitMiddleware::IsStrictEndpoint(const Request& request) {
  if (request.method != Method::kPost) return false;
  const std::string_view path = request.path;
  return path == "/api/v1/auth/login" || path == "/api/v1/auth/register" ||
         path == "/api/v1/auth/forgot-password";
}
// rampart:end

boost::asio::awaitable<Response> RateLimitMiddleware::Handle(HttpContext& context,
                                                             const Next& next) {
  const Request& request = context.request;
  // rampart:begin(iam)
  // At most two buckets per request: ip and auth, or user.
  // rampart:else
  // // One bucket per request: ip, or user.
  // rampart:end
  Outcome outcomes[2];
  std::size_t count = 0;
  if (scope_ == RateLimitScope::kUser) {
    std::string key;
    if (request.principal) {
      key = "user:" + request.principal->subject;
      // rampart:begin(iam)
    } else if (!request.api_key.empty()) {
      // An API key not verified yet (its first use since the cache remembered it) is limited by
      // its public id: bearer auth admitted it only well formed. Verified, it counts for its owner.
      key = "api-key:" + std::string(domain::ApiKeyPublicId(request.api_key).value_or(""));
      // rampart:end
    } else {
      co_return co_await next(context);
    }
    // At once from a store that can decide without waiting (no suspension), else awaited.
    std::optional<RateLimitDecision> user_decision = store_.TryTakeNow(key, policies_.user, 1);
    if (!user_decision) user_decision = co_await TakeLater(store_, key, policies_.user);
    outcomes[count++] = {&policies_.user, &user_policy_header_, *user_decision};
  } else {
    // Probes of the orchestrator or load balancer must not fail because a client behind the
    // same address is flooding us: a failed probe takes the whole instance out.
    if (request.path.starts_with("/health/")) co_return co_await next(context);
    std::string key = ClientKey("ip:", request.client_ip);
    std::optional<RateLimitDecision> ip_decision = store_.TryTakeNow(key, policies_.ip, 1);
    if (!ip_decision) ip_decision = co_await TakeLater(store_, key, policies_.ip);
    outcomes[count++] = {&policies_.ip, &ip_policy_header_, *ip_decision};
    // rampart:begin(iam)
    if (outcomes[0].decision.allowed && IsStrictEndpoint(request)) {
      key.replace(0, 2, "auth");
      std::optional<RateLimitDecision> auth_decision = store_.TryTakeNow(key, policies_.auth, 1);
      if (!auth_decision) auth_decision = co_await TakeLater(store_, key, policies_.auth);
      outcomes[count++] = {&policies_.auth, &auth_policy_header_, *auth_decision};
    }
    // rampart:end
  }

  const Outcome* refused = nullptr;
  for (std::size_t i = 0; i < count; ++i) {
    if (!outcomes[i].decision.allowed) refused = &outcomes[i];
  }
  Response response;
  if (refused != nullptr) {
    response = TooManyRequests(request, *refused);
  } else {
    response = co_await next(context);
  }
  for (std::size_t i = 0; i < count; ++i) AddHeaders(response, outcomes[i]);
  co_return response;
}

}  // namespace rampart::api
