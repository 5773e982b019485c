#include "infrastructure/messaging/local/pickup_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace rampart::infrastructure::messaging {

namespace {

[[noreturn]] void Fail(std::string_view what, const std::filesystem::path& path) {
  throw std::runtime_error(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

}  // namespace

bool WriteFileOnce(const std::filesystem::path& directory, std::string_view name,
                   std::string_view content) {
  std::filesystem::create_directories(directory);
  const auto target = directory / std::string(name);
  if (std::filesystem::exists(target)) return false;
  std::string temp_leaf = ".";
  temp_leaf.append(name).append(".tmp-XXXXXX");
  std::string temp_name = (directory / temp_leaf).string();
  const int fd = ::mkstemp(temp_name.data());
  if (fd < 0) Fail("cannot create", temp_name);
  std::size_t written = 0;
  while (written < content.size()) {
    const auto n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      ::unlink(temp_name.c_str());
      Fail("cannot write", temp_name);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::fchmod(fd, 0644) != 0) {
    ::close(fd);
    ::unlink(temp_name.c_str());
    Fail("cannot sync", temp_name);
  }
  ::close(fd);
  // link() fails with EEXIST instead of replacing: of two writers of one name, one wins.
  const int linked = ::link(temp_name.c_str(), target.c_str());
  const int link_errno = errno;
  ::unlink(temp_name.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) return false;
    errno = link_errno;
    Fail("cannot link", target);
  }
  if (const int dir = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
    ::fsync(dir);  // the new directory entry survives a power loss
    ::close(dir);
  }
  return true;
}

}  // namespace rampart::infrastructure::messaging
