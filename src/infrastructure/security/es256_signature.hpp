#pragma once
// ES256 signature encodings. JOSE (RFC 7518 §3.4) puts r||s on the wire, each a fixed 32-byte
// big-endian integer; OpenSSL produces and expects a DER ECDSA-Sig-Value.
#include <array>
#include <optional>
#include <span>
#include <vector>

namespace rampart::infrastructure {

inline constexpr std::size_t kEs256SignatureSize = 64;
using Es256Signature = std::array<unsigned char, kEs256SignatureSize>;

// Es256FromDer returns std::nullopt when `der` is not a DER ECDSA signature whose r and s fit in 32
// bytes.
std::optional<Es256Signature> Es256FromDer(std::span<const unsigned char> der);

// Es256ToDer returns std::nullopt unless `jose` is exactly 64 bytes with r and s both non-zero.
std::optional<std::vector<unsigned char>> Es256ToDer(std::span<const unsigned char> jose);

}  // namespace rampart::infrastructure
