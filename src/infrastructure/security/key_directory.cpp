#include "infrastructure/security/key_directory.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include <sodium.h>

#include "infrastructure/security/key_manifest.hpp"
#include "infrastructure/security/sodium.hpp"

namespace rampart::infrastructure {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kManifest = "keys.json";
constexpr std::string_view kLockFile = ".lock";
constexpr std::uintmax_t kMaxManifestSize = 1024 * 1024;

std::string DescribeError(const fs::path& path, std::string_view what, int error) {
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
    if (error) throw KeyError(DescribeError(dir, "cannot create parent", error.value()));
  }
  // mkdir(2) with 0700, not create_directories: the keys never sit in a readable directory,
  // not even for a moment.
  if (::mkdir(dir.c_str(), 0700) != 0) {
    if (errno == EEXIST) return;  // created concurrently; its owner chose its mode
    throw KeyError(DescribeError(dir, "cannot create", errno));
  }
  // The umask may have removed bits (even the owner's); make the mode exact.
  if (::chmod(dir.c_str(), 0700) != 0) throw KeyError(DescribeError(dir, "cannot chmod", errno));
}

void WriteAll(int fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw KeyError(DescribeError(path, "cannot write", errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

void SyncDirectory(const fs::path& dir) {
  FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.Get() < 0 || ::fsync(fd.Get()) != 0) {
    throw KeyError(DescribeError(dir, "cannot sync directory", errno));
  }
}

// Writes `content` to <dir>/<name> with mode 0600, atomically (a temporary file, fsync, rename),
// so that a crash or a concurrent reader never sees half a file. The caller syncs the directory.
// `content` is wiped from memory once written (it may be a private key).
void WriteFileAtomically(const fs::path& dir, const std::string& name, std::string content) {
  // Neither *.pem nor keys.json, so a leftover from a crash is never read.
  std::array<unsigned char, 8> nonce{};
  randombytes_buf(nonce.data(), nonce.size());
  std::array<char, nonce.size() * 2 + 1> nonce_hex{};
  sodium_bin2hex(nonce_hex.data(), nonce_hex.size(), nonce.data(), nonce.size());
  const fs::path temporary = dir / ("." + name + "." + nonce_hex.data() + ".tmp");
  const fs::path target = dir / name;

  FileDescriptor fd(
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.Get() < 0) {
    sodium_memzero(content.data(), content.size());
    throw KeyError(DescribeError(temporary, "cannot create", errno));
  }
  try {
    // The umask may only have removed bits; make the mode exact.
    if (::fchmod(fd.Get(), 0600) != 0)
      throw KeyError(DescribeError(temporary, "cannot chmod", errno));
    WriteAll(fd.Get(), content, temporary);
    sodium_memzero(content.data(), content.size());
    if (::fsync(fd.Get()) != 0) throw KeyError(DescribeError(temporary, "cannot sync", errno));
    if (fd.Close() != 0) throw KeyError(DescribeError(temporary, "cannot close", errno));
    if (::rename(temporary.c_str(), target.c_str()) != 0) {
      throw KeyError(DescribeError(target, "cannot rename into place", errno));
    }
  } catch (...) {
    sodium_memzero(content.data(), content.size());
    ::unlink(temporary.c_str());
    throw;
  }
}

std::string ReadManifest(const fs::path& path) {
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (error) throw KeyError(DescribeError(path, "cannot read", error.value()));
  if (size > kMaxManifestSize) throw KeyError("key directory " + path.string() + ": too large");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw KeyError(DescribeError(path, "cannot open", errno));
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

domain::TimePoint ModifiedAt(const fs::path& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) throw KeyError(DescribeError(path, "cannot stat", errno));
  return domain::TimePoint(std::chrono::seconds(status.st_mtim.tv_sec));
}

// flock(2) held for the lifetime of the object: one writer at a time across processes.
class DirectoryLock {
 public:
  explicit DirectoryLock(const fs::path& dir)
      : path_(dir / kLockFile), fd_(::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
    if (fd_.Get() < 0) throw KeyError(DescribeError(path_, "cannot open lock file", errno));
    while (::flock(fd_.Get(), LOCK_EX) != 0) {
      if (errno != EINTR) throw KeyError(DescribeError(path_, "cannot lock", errno));
    }
  }

 private:
  fs::path path_;
  FileDescriptor fd_;  // closing it releases the lock
};

}  // namespace

KeyDirectory::KeyDirectory(fs::path dir) : dir_(std::move(dir)) {}

std::string KeyDirectory::Describe() const { return "key directory " + dir_.string(); }

std::shared_ptr<const SigningKey> KeyDirectory::KeyOf(const std::string& kid) {
  if (const auto cached = keys_.find(kid); cached != keys_.end()) return cached->second;
  const fs::path path = dir_ / (kid + ".pem");
  std::error_code error;
  if (!fs::exists(path, error)) return nullptr;
  auto key = std::make_shared<const SigningKey>(SigningKey::FromPemFile(path));
  if (key->Kid() != kid) {
    throw KeyError("key directory " + path.string() + ": holds key " + key->Kid() +
                   ", not the key its name says");
  }
  keys_.emplace(kid, key);
  return key;
}

KeySet KeyDirectory::Load() {
  std::lock_guard guard(mutex_);
  return LoadLocked();
}

KeySet KeyDirectory::LoadLocked() {
  std::error_code error;
  if (!fs::is_directory(dir_, error)) return {};
  const fs::path manifest = dir_ / kManifest;
  if (!fs::exists(manifest, error)) return LoadLegacy();
  KeySet set;
  for (auto& entry : DecodeManifest(ReadManifest(manifest))) {
    auto key = KeyOf(entry.kid);
    if (!key) {
      // A writer deletes a retired key's file right after the manifest stopped naming it: this
      // reader read the manifest before that. Any other missing key is damage.
      if (entry.state == KeyState::kRetired) continue;
      throw KeyError("key directory " + dir_.string() + ": the " +
                     std::string(ToString(entry.state)) + " key " + entry.kid + " has no file " +
                     entry.kid + ".pem");
    }
    if (key->Algorithm() != entry.algorithm) {
      throw KeyError("key directory " + dir_.string() + ": key " + entry.kid + " is not " +
                     std::string(ToString(entry.algorithm)) + " as keys.json says");
    }
    set.keys.push_back(KeyEntry{.key = std::move(key),
                                .state = entry.state,
                                .created_at = entry.created_at,
                                .activated_at = entry.activated_at,
                                .retired_at = entry.retired_at});
  }
  CheckConsistent(set);
  return set;
}

KeySet KeyDirectory::LoadLegacy() {
  struct File {
    fs::path path;
    domain::TimePoint modified;
  };
  std::vector<File> files;
  std::error_code error;
  fs::directory_iterator it(dir_, error);
  if (error) throw KeyError(DescribeError(dir_, "cannot list", error.value()));
  for (; it != fs::directory_iterator(); it.increment(error)) {
    if (error) throw KeyError(DescribeError(dir_, "cannot list", error.value()));
    if (it->path().extension() != ".pem" || !it->is_regular_file(error)) continue;
    files.push_back({it->path(), ModifiedAt(it->path())});
  }
  // Newest first; equal times fall back to the greater name so the choice is deterministic.
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) {
    if (a.modified != b.modified) return a.modified > b.modified;
    return a.path.filename() > b.path.filename();
  });
  KeySet set;
  for (const File& file : files) {
    auto key = std::make_shared<const SigningKey>(SigningKey::FromPemFile(file.path));
    if (set.Find(key->Kid()) != nullptr) continue;  // the same key under two names
    const bool active = set.keys.empty();
    // Files named by something else than their kid are renamed on the first update.
    keys_.emplace(key->Kid(), key);
    set.keys.push_back(
        KeyEntry{.key = std::move(key),
                 .state = active ? KeyState::kActive : KeyState::kRetired,
                 .created_at = file.modified,
                 .activated_at = active ? std::optional(file.modified) : std::nullopt,
                 // An older key stopped signing when the newest appeared.
                 .retired_at = active ? std::nullopt : std::optional(files.front().modified)});
  }
  return set;
}

KeySet KeyDirectory::Update(const std::function<bool(KeySet&)>& change) {
  std::lock_guard guard(mutex_);
  EnsureSodiumInitialized();
  EnsureDirectory(dir_);
  DirectoryLock lock(dir_);
  const KeySet before = LoadLocked();
  KeySet after = before;
  if (!change(after)) return after;
  CheckConsistent(after);

  std::error_code error;
  for (const auto& entry : after.keys) {
    const fs::path file = dir_ / (entry.Kid() + ".pem");
    if (fs::exists(file, error)) continue;
    WriteFileAtomically(dir_, entry.Kid() + ".pem", entry.key->PrivateKeyPem());
    keys_.emplace(entry.Kid(), entry.key);
  }
  WriteFileAtomically(dir_, std::string(kManifest), EncodeManifest(after));
  SyncDirectory(dir_);

  // Only now that no manifest names them: the files of the keys that left the set, and every
  // *.pem that is not <kid>.pem of a key in it (a legacy directory's other names).
  std::set<std::string, std::less<>> kept;
  for (const auto& entry : after.keys) kept.insert(entry.Kid() + ".pem");
  fs::directory_iterator it(dir_, error);
  for (; !error && it != fs::directory_iterator(); it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (it->path().extension() != ".pem" || kept.contains(name)) continue;
    std::error_code ignored;
    fs::remove(it->path(), ignored);
  }
  for (const auto& entry : before.keys) {
    if (after.Find(entry.Kid()) == nullptr) keys_.erase(entry.Kid());
  }
  return after;
}

}  // namespace rampart::infrastructure
