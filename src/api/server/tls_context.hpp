#pragma once
// Internal to the server: the OpenSSL server context for TLS termination in process. Includes
// Asio's ssl context (not its coroutine machinery): only server sources include it.
#include <boost/asio/ssl/context.hpp>

#include <filesystem>
#include <memory>

namespace rampart::api::server_detail {

// MakeTlsContext is a server context following Mozilla's "intermediate" profile: TLS 1.2 and
// 1.3 only, forward secret AEAD cipher suites, no compression, no renegotiation, with the PEM
// certificate chain (leaf first) and private key read from the files now. Throws
// std::runtime_error naming the file and OpenSSL's reason when they cannot be loaded or do not
// match.
std::shared_ptr<boost::asio::ssl::context> MakeTlsContext(const std::filesystem::path& cert_file,
                                                          const std::filesystem::path& key_file);

}  // namespace rampart::api::server_detail
