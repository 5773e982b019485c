#include "infrastructure/security/es256_public_key.hpp"

#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include <array>
#include <cstring>

#include "infrastructure/security/base64url.hpp"
#include "infrastructure/security/es256_verify.hpp"
#include "infrastructure/security/openssl_handles.hpp"

namespace rampart::infrastructure {
namespace {

constexpr std::size_t kCoordinateSize = 32;

using ParamBuildPtr = std::unique_ptr<OSSL_PARAM_BLD, OpenSslFree<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, OpenSslFree<OSSL_PARAM_free>>;

// PublicKeyOf builds the key from the uncompressed point 0x04 || x || y; OpenSSL refuses a point
// that is not on the curve, and EVP_PKEY_public_check confirms it.
PkeyPtr PublicKeyOf(const std::string& x, const std::string& y) {
  std::array<unsigned char, 1 + 2 * kCoordinateSize> point{};
  point[0] = 0x04;
  std::memcpy(point.data() + 1, x.data(), kCoordinateSize);
  std::memcpy(point.data() + 1 + kCoordinateSize, y.data(), kCoordinateSize);

  ParamBuildPtr build(OSSL_PARAM_BLD_new());
  char group[] = SN_X9_62_prime256v1;
  if (!build ||
      OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return nullptr;
  }
  ParamsPtr params(OSSL_PARAM_BLD_to_param(build.get()));
  PkeyCtxPtr context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return nullptr;
  }
  PkeyPtr key(raw);
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return key;
}

}  // namespace

struct Es256PublicKey::Impl {
  PkeyPtr pkey;
};

Es256PublicKey::Es256PublicKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Es256PublicKey::Es256PublicKey(Es256PublicKey&&) noexcept = default;
Es256PublicKey& Es256PublicKey::operator=(Es256PublicKey&&) noexcept = default;
Es256PublicKey::~Es256PublicKey() = default;

std::optional<Es256PublicKey> Es256PublicKey::FromJwkCoordinates(std::string_view x,
                                                                 std::string_view y) {
  const auto x_bytes = Base64UrlDecode(x);
  const auto y_bytes = Base64UrlDecode(y);
  if (!x_bytes || !y_bytes || x_bytes->size() != kCoordinateSize ||
      y_bytes->size() != kCoordinateSize) {
    return std::nullopt;
  }
  PkeyPtr key = PublicKeyOf(*x_bytes, *y_bytes);
  if (!key) {
    ERR_clear_error();
    return std::nullopt;
  }
  return Es256PublicKey(std::make_unique<Impl>(Impl{std::move(key)}));
}

bool Es256PublicKey::Verify(std::string_view data, std::span<const unsigned char> signature) const {
  return VerifyEs256(impl_->pkey.get(), data, signature);
}

}  // namespace rampart::infrastructure
