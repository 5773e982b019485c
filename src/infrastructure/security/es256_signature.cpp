#include "infrastructure/security/es256_signature.hpp"

#include <climits>

#include "infrastructure/security/es256_verify.hpp"
#include "infrastructure/security/openssl_handles.hpp"

namespace rampart::infrastructure {
namespace {

constexpr int kCoordinateSize = kEs256SignatureSize / 2;

}  // namespace

std::optional<Es256Signature> Es256FromDer(std::span<const unsigned char> der) {
  if (der.size() > INT_MAX) return std::nullopt;
  const unsigned char* cursor = der.data();
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size())));
  if (!sig || cursor != der.data() + der.size()) {
    ERR_clear_error();
    return std::nullopt;
  }
  const BIGNUM* r = ECDSA_SIG_get0_r(sig.get());
  const BIGNUM* s = ECDSA_SIG_get0_s(sig.get());
  Es256Signature out{};
  if (BN_bn2binpad(r, out.data(), kCoordinateSize) != kCoordinateSize ||
      BN_bn2binpad(s, out.data() + kCoordinateSize, kCoordinateSize) != kCoordinateSize) {
    ERR_clear_error();
    return std::nullopt;
  }
  return out;
}

std::optional<std::vector<unsigned char>> Es256ToDer(std::span<const unsigned char> jose) {
  if (jose.size() != kEs256SignatureSize) return std::nullopt;
  BignumPtr r(BN_bin2bn(jose.data(), kCoordinateSize, nullptr));
  BignumPtr s(BN_bin2bn(jose.data() + kCoordinateSize, kCoordinateSize, nullptr));
  // r = 0 or s = 0 never verifies; refusing it here keeps degenerate input away from the
  // curve arithmetic altogether.
  if (!r || !s || BN_is_zero(r.get()) || BN_is_zero(s.get())) {
    ERR_clear_error();
    return std::nullopt;
  }
  EcdsaSigPtr sig(ECDSA_SIG_new());
  if (!sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  (void)r.release();  // now owned by `sig`
  (void)s.release();
  const int length = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (length <= 0) {
    ERR_clear_error();
    return std::nullopt;
  }
  std::vector<unsigned char> der(static_cast<std::size_t>(length));
  unsigned char* cursor = der.data();
  if (i2d_ECDSA_SIG(sig.get(), &cursor) != length) {
    ERR_clear_error();
    return std::nullopt;
  }
  return der;
}

bool VerifyEs256(EVP_PKEY* key, std::string_view data, std::span<const unsigned char> signature) {
  const auto der = Es256ToDer(signature);
  // A context per call: EVP_MD_CTX is mutable, the shared EVP_PKEY is only read.
  MdCtxPtr ctx(EVP_MD_CTX_new());
  const auto* input = reinterpret_cast<const unsigned char*>(data.data());
  const bool valid =
      der && ctx &&
      EVP_DigestVerifyInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, key, nullptr) == 1 &&
      EVP_DigestVerify(ctx.get(), der->data(), der->size(), input, data.size()) == 1;
  if (!valid) ERR_clear_error();
  return valid;
}

}  // namespace rampart::infrastructure
