#pragma once
// The access tokens of an external issuer (a rampart instance, or any issuer of ES256 JWT access
// tokens with rampart's claims): its keys fetched from `<auth.issuer>/.well-known/jwks.json` and
// kept fresh, and the verifier the HTTP pipeline's bearer authentication calls. What a service
// generated without the identity domain (`--iam none`, docs/template.md) verifies tokens with.
#include <memory>
#include <string>

#include "application/ports/clock.hpp"
#include "application/ports/token_service.hpp"
#include "main/config/settings.hpp"

namespace rampart {

namespace infrastructure {
class JwksTokenVerifier;
class RemoteJwks;
namespace http {
class Dependency;
class HttpClient;
}  // namespace http
}  // namespace infrastructure

class IssuerTokens {
 public:
  // IssuerTokens throws std::runtime_error when auth.issuer is no absolute http(s) URL. The keys
  // are fetched at Start, not here.
  IssuerTokens(const config::Settings& settings, const application::Clock& clock);
  ~IssuerTokens();
  IssuerTokens(const IssuerTokens&) = delete;
  IssuerTokens& operator=(const IssuerTokens&) = delete;

  // Start fetches the keys once on this thread (a failure is logged: the service starts and
  // refuses tokens until a fetch succeeds), then keeps them fresh on a thread of its own.
  void Start();
  const application::AccessTokenVerifier& Verifier() const;

 private:
  std::string jwks_url_;
  std::unique_ptr<infrastructure::http::HttpClient> http_;
  std::unique_ptr<infrastructure::http::Dependency> issuer_;
  std::unique_ptr<infrastructure::RemoteJwks> keys_;
  std::unique_ptr<infrastructure::JwksTokenVerifier> verifier_;
};

}  // namespace rampart
