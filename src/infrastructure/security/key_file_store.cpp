#include "infrastructure/security/key_file_store.hpp"

#include <sys/stat.h>

namespace rampart::infrastructure {

KeyFileStore::KeyFileStore(std::filesystem::path file) : file_(std::move(file)) {}

std::string KeyFileStore::Describe() const { return "key file " + file_.string(); }

KeySet KeyFileStore::Load() {
  auto key = std::make_shared<const SigningKey>(SigningKey::FromPemFile(file_));
  struct stat status {};
  const auto modified = ::stat(file_.c_str(), &status) == 0
                            ? domain::TimePoint(std::chrono::seconds(status.st_mtim.tv_sec))
                            : domain::TimePoint{};
  KeySet set;
  set.keys.push_back(KeyEntry{.key = std::move(key),
                              .state = KeyState::kActive,
                              .created_at = modified,
                              .activated_at = modified});
  return set;
}

KeySet KeyFileStore::Update(const std::function<bool(KeySet&)>&) {
  throw KeyError(Describe() +
                 ": one key file cannot rotate (it holds no next or retired key); leave "
                 "auth.signing_key_file empty to keep the keys in auth.keys_dir");
}

}  // namespace rampart::infrastructure
