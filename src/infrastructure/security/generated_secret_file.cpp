#include "infrastructure/security/generated_secret_file.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "infrastructure/security/base64url.hpp"
#include "infrastructure/security/sodium.hpp"

namespace rampart::infrastructure {

namespace fs = std::filesystem;

namespace {

std::runtime_error Failure(const fs::path& file, std::string_view what, int error = 0) {
  std::string message = file.string() + ": " + std::string(what);
  if (error != 0) message += ": " + std::string(std::strerror(error));
  return std::runtime_error(message);
}

void SyncDirectory(const fs::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

// Creates the file only if it does not exist (O_EXCL): false when another process was first.
bool CreateExclusively(const fs::path& file) {
  EnsureSodiumInitialized();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string text = Base64UrlEncode(bytes) + "\n";
  sodium_memzero(bytes.data(), bytes.size());
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    sodium_memzero(text.data(), text.size());
    if (errno == EEXIST) return false;
    throw Failure(file, "cannot create", errno);
  }
  const bool written = ::fchmod(fd, 0600) == 0 &&
                       ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  sodium_memzero(text.data(), text.size());
  if (!written) throw Failure(file, "cannot write", error);
  SyncDirectory(file.parent_path());
  return true;
}

}  // namespace

std::string LoadOrCreateSecretFile(const fs::path& file, std::size_t minimum_length) {
  std::error_code error;
  if (!fs::exists(file, error)) {
    const auto directory = file.parent_path();
    if (!directory.empty() && !fs::exists(directory, error)) {
      fs::create_directories(directory, error);
      if (error) throw Failure(directory, "cannot create directory", error.value());
      fs::permissions(directory, fs::perms::owner_all, error);
    }
    CreateExclusively(file);
  }
  std::ifstream in(file);
  std::string text;
  if (!in || !std::getline(in, text)) throw Failure(file, "cannot read");
  if (text.size() < minimum_length) {
    throw Failure(file, "holds less than " + std::to_string(minimum_length) +
                            " characters; delete it to generate a new one (secrets sealed with "
                            "the old one become unreadable)");
  }
  return text;
}

}  // namespace rampart::infrastructure
