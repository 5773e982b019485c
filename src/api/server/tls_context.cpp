#include "api/server/tls_context.hpp"
#include "api/server/tls_files.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <stdexcept>
#include <string>

namespace rampart::api::server_detail {
namespace {

namespace ssl = boost::asio::ssl;

// Mozilla intermediate (ssl-config.mozilla.org, v5.7): TLS 1.2 suites; TLS 1.3 suites are
// OpenSSL's defaults, all AEAD. The DHE suites use OpenSSL's built-in groups (dh_auto).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";
constexpr const char* kGroups = "X25519:P-256:P-384";

[[noreturn]] void Fail(const std::string& what, const boost::system::error_code& error) {
  throw std::runtime_error("tls: " + what + ": " + error.message());
}

[[noreturn]] void FailOpenSsl(const std::string& what) {
  const unsigned long code = ERR_get_error();
  char reason[256] = "unknown error";
  if (code != 0) ERR_error_string_n(code, reason, sizeof(reason));
  ERR_clear_error();
  throw std::runtime_error("tls: " + what + ": " + reason);
}

}  // namespace

std::shared_ptr<ssl::context> MakeTlsContext(const std::filesystem::path& cert_file,
                                             const std::filesystem::path& key_file) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = context->native_handle();
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                       ssl::context::no_compression);
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1) {
    FailOpenSsl("cannot require TLS 1.2");
  }
  // No server cipher preference (as intermediate says): every suite here is strong, and the
  // client knows whether it has AES hardware.
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) FailOpenSsl("cipher list");
  if (SSL_CTX_set1_groups_list(native, kGroups) != 1) FailOpenSsl("groups");
  SSL_CTX_set_dh_auto(native, 1);
  SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_SERVER);

  boost::system::error_code error;
  context->use_certificate_chain_file(cert_file.string(), error);
  if (error) Fail("cannot load the certificate chain " + cert_file.string(), error);
  context->use_private_key_file(key_file.string(), ssl::context::pem, error);
  if (error) Fail("cannot load the private key " + key_file.string(), error);
  if (SSL_CTX_check_private_key(native) != 1) {
    FailOpenSsl("the private key " + key_file.string() + " does not match the certificate " +
                cert_file.string());
  }
  return context;
}

}  // namespace rampart::api::server_detail

namespace rampart::api {

std::string TlsFilesProblem(const std::filesystem::path& cert_file,
                            const std::filesystem::path& key_file) {
  try {
    server_detail::MakeTlsContext(cert_file, key_file);
    return "";
  } catch (const std::exception& error) {
    return error.what();
  }
}

}  // namespace rampart::api
