#include "infrastructure/security/key_directory.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

#include <sodium.h>

#include "infrastructure/security/sodium.hpp"

namespace rampart::infrastructure {
namespace fs = std::filesystem;
namespace {

std::string Describe(const fs::path& path, std::string_view what, int error) {
  return "key directory " + path.string() + ": " + std::string(what) + ": " +
         std::system_category().message(error);
}

// A file descriptor closed on every path out of a function.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int Get() const { return fd_; }
  // close(2) can report a failed delayed write; the caller must see it.
  int Close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

void EnsureDirectory(const fs::path& dir) {
  std::error_code error;
  if (fs::is_directory(dir, error)) return;
  if (dir.has_parent_path()) {
    fs::create_directories(dir.parent_path(), error);
    if (error) throw KeyError(Describe(dir, "cannot create parent", error.value()));
  }
  // mkdir(2) with 0700, not create_directories: the keys never sit in a readable directory,
  // not even for a moment.
  if (::mkdir(dir.c_str(), 0700) != 0) {
    if (errno == EEXIST) return;  // created concurrently; its owner chose its mode
    throw KeyError(Describe(dir, "cannot create", errno));
  }
  // The umask may have removed bits (even the owner's); make the mode exact.
  if (::chmod(dir.c_str(), 0700) != 0) throw KeyError(Describe(dir, "cannot chmod", errno));
}

void WriteAll(int fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw KeyError(Describe(path, "cannot write key", errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

void SyncDirectory(const fs::path& dir) {
  FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.Get() < 0 || ::fsync(fd.Get()) != 0) {
    throw KeyError(Describe(dir, "cannot sync directory", errno));
  }
}

struct KeyFile {
  fs::path path;
  fs::file_time_type modified;
};

std::vector<KeyFile> ListKeyFiles(const fs::path& dir) {
  std::vector<KeyFile> files;
  std::error_code error;
  fs::directory_iterator it(dir, error);
  if (error) throw KeyError(Describe(dir, "cannot list", error.value()));
  for (; it != fs::directory_iterator(); it.increment(error)) {
    if (error) throw KeyError(Describe(dir, "cannot list", error.value()));
    const auto& entry = *it;
    if (entry.path().extension() != ".pem" || !entry.is_regular_file(error)) continue;
    const auto modified = entry.last_write_time(error);
    if (error) throw KeyError(Describe(entry.path(), "cannot stat", error.value()));
    files.push_back({entry.path(), modified});
  }
  // Newest first; equal times fall back to the greater name so the choice is deterministic.
  std::sort(files.begin(), files.end(), [](const KeyFile& a, const KeyFile& b) {
    if (a.modified != b.modified) return a.modified > b.modified;
    return a.path.filename() > b.path.filename();
  });
  return files;
}

}  // namespace

fs::path GenerateKeyFile(const fs::path& keys_dir) {
  EnsureSodiumInitialized();
  EnsureDirectory(keys_dir);
  const SigningKey key = SigningKey::Generate();
  const fs::path target = keys_dir / (key.Kid() + ".pem");

  // Not *.pem, so a leftover from a crash is never loaded as a key.
  std::array<unsigned char, 8> nonce{};
  randombytes_buf(nonce.data(), nonce.size());
  std::array<char, nonce.size() * 2 + 1> nonce_hex{};
  sodium_bin2hex(nonce_hex.data(), nonce_hex.size(), nonce.data(), nonce.size());
  const fs::path temporary = keys_dir / ("." + key.Kid() + "." + nonce_hex.data() + ".tmp");

  FileDescriptor fd(
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.Get() < 0) throw KeyError(Describe(temporary, "cannot create key file", errno));
  std::string pem = key.PrivateKeyPem();
  try {
    // The umask may only have removed bits; make the mode exact.
    if (::fchmod(fd.Get(), 0600) != 0) throw KeyError(Describe(temporary, "cannot chmod", errno));
    WriteAll(fd.Get(), pem, temporary);
    sodium_memzero(pem.data(), pem.size());
    if (::fsync(fd.Get()) != 0) throw KeyError(Describe(temporary, "cannot sync", errno));
    if (fd.Close() != 0) throw KeyError(Describe(temporary, "cannot close", errno));
    if (::rename(temporary.c_str(), target.c_str()) != 0) {
      throw KeyError(Describe(target, "cannot rename key file into place", errno));
    }
  } catch (...) {
    sodium_memzero(pem.data(), pem.size());
    ::unlink(temporary.c_str());
    throw;
  }
  SyncDirectory(keys_dir);
  return target;
}

KeyRing LoadOrCreateKeyRing(const fs::path& keys_dir) {
  bool generated = false;
  std::error_code error;
  if (!fs::is_directory(keys_dir, error) || ListKeyFiles(keys_dir).empty()) {
    GenerateKeyFile(keys_dir);
    generated = true;
  }
  std::vector<std::shared_ptr<const SigningKey>> keys;
  for (const KeyFile& file : ListKeyFiles(keys_dir)) {
    keys.push_back(std::make_shared<const SigningKey>(SigningKey::FromPemFile(file.path)));
  }
  if (keys.empty()) throw KeyError("key directory " + keys_dir.string() + ": no keys");
  auto active = std::move(keys.front());
  keys.erase(keys.begin());
  return KeyRing(std::move(active), std::move(keys), generated);
}

}  // namespace rampart::infrastructure
