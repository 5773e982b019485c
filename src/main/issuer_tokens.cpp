#include "main/issuer_tokens.hpp"

#include <stdexcept>

#include "common/log.hpp"
#include "infrastructure/http/dependency.hpp"
#include "infrastructure/http/http_client.hpp"
#include "infrastructure/security/jwks_token_verifier.hpp"
#include "infrastructure/security/remote_jwks.hpp"

namespace rampart {

IssuerTokens::IssuerTokens(const config::Settings& settings, const application::Clock& clock) {
  const auto url = infrastructure::JwksUrlOf(settings.issuer);
  if (!url) {
    throw std::runtime_error("auth.issuer must be the issuer's absolute http(s) URL (its keys are "
                             "read from <auth.issuer>/.well-known/jwks.json)");
  }
  jwks_url_ = *url;
  http_ = std::make_unique<infrastructure::http::HttpClient>();
  // A failed fetch keeps the keys in use and is tried again after the refetch interval: short
  // timeouts, few retries.
  issuer_ = std::make_unique<infrastructure::http::Dependency>(
      "jwks",
      infrastructure::http::DependencyPolicy{.attempt_timeout = std::chrono::seconds(2),
                                             .total_timeout = std::chrono::seconds(5),
                                             .max_attempts = 2},
      *http_);
  keys_ = std::make_unique<infrastructure::RemoteJwks>(infrastructure::RemoteJwksOptions{.url = *url},
                                                       *issuer_, clock);
  verifier_ = std::make_unique<infrastructure::JwksTokenVerifier>(
      *keys_,
      infrastructure::JwksVerifierOptions{.issuer = settings.issuer,
                                          .audience = settings.audience,
                                          .leeway = settings.clock_skew},
      clock);
}

IssuerTokens::~IssuerTokens() = default;

void IssuerTokens::Start() {
  if (!keys_->Refresh()) {
    log::Warn("auth", "the issuer's keys could not be read; tokens are refused until they are",
              {{"jwks", jwks_url_}});
  }
  keys_->Start();
}

const application::AccessTokenVerifier& IssuerTokens::Verifier() const { return *verifier_; }

}  // namespace rampart
