#pragma once
// Whether a TLS certificate chain and key load, for the start-up checks (`rampart config
// check` and `serve` refuse the same files). Free of Asio.
#include <filesystem>
#include <string>

namespace rampart::api {

// TlsFilesProblem is empty when the PEM chain and key load and match, as the server would load
// them; else the reason (naming the file and OpenSSL's error).
std::string TlsFilesProblem(const std::filesystem::path& cert_file,
                            const std::filesystem::path& key_file);

}  // namespace rampart::api
