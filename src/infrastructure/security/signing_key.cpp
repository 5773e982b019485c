#include "infrastructure/security/signing_key.hpp"

#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

#include <array>
#include <climits>
#include <cstring>
#include <fstream>
#include <iterator>

#include "infrastructure/security/base64url.hpp"
#include "infrastructure/security/openssl_handles.hpp"

namespace rampart::infrastructure {
namespace {

constexpr std::size_t kCoordinateSize = 32;
constexpr std::uintmax_t kMaxPemFileSize = 64 * 1024;

// OpenSSL's default callback would prompt on the terminal for an encrypted key; we refuse.
int NoPassphrase(char*, int, int, void*) { return -1; }

std::string CoordinateOf(const EVP_PKEY* pkey, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) {
    throw KeyError("signing key: cannot read the public key: " + TakeOpenSslError());
  }
  BignumPtr value(raw);
  std::array<unsigned char, kCoordinateSize> bytes{};
  if (BN_bn2binpad(value.get(), bytes.data(), bytes.size()) != static_cast<int>(bytes.size())) {
    throw KeyError("signing key: public key coordinate does not fit P-256");
  }
  return Base64UrlEncode(bytes);
}

// RFC 7638 §3.2: the required EC members in lexicographic order, no whitespace.
std::string ThumbprintOf(const SigningKey::PublicJwk& jwk) {
  const std::string canonical =
      R"({"crv":"P-256","kty":"EC","x":")" + jwk.x + R"(","y":")" + jwk.y + R"("})";
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(), digest.data());
  return Base64UrlEncode(digest);
}

// Rejects anything but a private EC key on P-256 whose halves belong together.
void CheckIsP256PrivateKey(EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "EC") != 1) throw KeyError("signing key: not an EC key");
  char group[64] = {};
  std::size_t group_length = 0;
  if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                     &group_length) != 1 ||
      std::strcmp(group, SN_X9_62_prime256v1) != 0) {
    ERR_clear_error();
    throw KeyError("signing key: EC key is not on curve P-256 (ES256 needs P-256)");
  }
  BIGNUM* raw_private = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY, &raw_private) != 1) {
    ERR_clear_error();
    throw KeyError("signing key: not a private key");
  }
  SecretBignumPtr private_value(raw_private);
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
  if (!check || EVP_PKEY_check(check.get()) != 1) {
    throw KeyError("signing key: inconsistent EC key pair: " + TakeOpenSslError());
  }
}

}  // namespace

struct SigningKey::Impl {
  PkeyPtr pkey;
  PublicJwk jwk;
  std::string kid;

  explicit Impl(PkeyPtr key) : pkey(std::move(key)) {
    jwk.x = CoordinateOf(pkey.get(), OSSL_PKEY_PARAM_EC_PUB_X);
    jwk.y = CoordinateOf(pkey.get(), OSSL_PKEY_PARAM_EC_PUB_Y);
    kid = ThumbprintOf(jwk);
  }
};

SigningKey::SigningKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;
SigningKey::~SigningKey() = default;

SigningKey SigningKey::Generate() {
  PkeyPtr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!pkey) throw KeyError("signing key: key generation failed: " + TakeOpenSslError());
  return SigningKey(std::make_unique<Impl>(std::move(pkey)));
}

SigningKey SigningKey::FromPem(std::string_view pem) {
  if (pem.size() > static_cast<std::size_t>(INT_MAX)) throw KeyError("signing key: PEM too large");
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) throw KeyError("signing key: out of memory");
  PkeyPtr pkey(
      PEM_read_bio_PrivateKey_ex(bio.get(), nullptr, NoPassphrase, nullptr, nullptr, nullptr));
  if (!pkey) {
    ERR_clear_error();
    throw KeyError(
        "signing key: not an unencrypted PEM private key (expected \"BEGIN PRIVATE KEY\" or "
        "\"BEGIN EC PRIVATE KEY\")");
  }
  CheckIsP256PrivateKey(pkey.get());
  return SigningKey(std::make_unique<Impl>(std::move(pkey)));
}

SigningKey SigningKey::FromPemFile(const std::filesystem::path& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) throw KeyError("signing key " + path.string() + ": cannot read: " + error.message());
  if (size > kMaxPemFileSize) throw KeyError("signing key " + path.string() + ": file too large");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw KeyError("signing key " + path.string() + ": cannot open");
  const std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    return FromPem(pem);
  } catch (const KeyError& e) {
    throw KeyError(path.string() + ": " + e.what());
  }
}

const std::string& SigningKey::Kid() const { return impl_->kid; }
const SigningKey::PublicJwk& SigningKey::Jwk() const { return impl_->jwk; }

std::string SigningKey::PrivateKeyPem() const {
  // Secure heap memory when OpenSSL has one configured, so the buffer is wiped on free.
  BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), impl_->pkey.get(), nullptr, nullptr, 0, nullptr,
                                       nullptr) != 1) {
    throw KeyError("signing key: cannot encode the private key: " + TakeOpenSslError());
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

std::string SigningKey::PublicKeyPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), impl_->pkey.get()) != 1) {
    throw KeyError("signing key: cannot encode the public key: " + TakeOpenSslError());
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

Es256Signature SigningKey::SignEs256(std::string_view data) const {
  // A context per call: EVP_MD_CTX is mutable, the shared EVP_PKEY is only read.
  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::array<unsigned char, 80> der{};  // a DER P-256 signature is at most 72 bytes
  std::size_t der_length = der.size();
  if (!ctx ||
      EVP_DigestSignInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, impl_->pkey.get(),
                            nullptr) != 1 ||
      EVP_DigestSign(ctx.get(), der.data(), &der_length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    throw KeyError("signing key: signing failed: " + TakeOpenSslError());
  }
  auto jose = Es256FromDer(std::span(der.data(), der_length));
  if (!jose) throw KeyError("signing key: OpenSSL produced an unexpected signature");
  return *jose;
}

bool SigningKey::VerifyEs256(std::string_view data,
                             std::span<const unsigned char> signature) const {
  const auto der = Es256ToDer(signature);
  if (!der) return false;
  MdCtxPtr ctx(EVP_MD_CTX_new());
  const bool valid =
      ctx &&
      EVP_DigestVerifyInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, impl_->pkey.get(),
                              nullptr) == 1 &&
      EVP_DigestVerify(ctx.get(), der->data(), der->size(),
                       reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
  if (!valid) ERR_clear_error();
  return valid;
}

}  // namespace rampart::infrastructure
