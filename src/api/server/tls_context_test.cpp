#include "api/server/tls_context.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace rampart::api::server_detail {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(const std::filesystem::path& cert, const std::filesystem::path& key) {
  try {
    MakeTlsContext(cert, key);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

TEST(TlsContext, NamesAMissingCertificateFile) {
  EXPECT_THAT(ErrorOf("/nonexistent/tls.crt", "/nonexistent/tls.key"),
              HasSubstr("cannot load the certificate chain /nonexistent/tls.crt"));
}

TEST(TlsContext, NamesAFileThatIsNotPem) {
  // Unique per process: other checkouts may run this suite at the same time.
  const auto path = std::filesystem::temp_directory_path() /
                    ("rampart-tls-context-test-" + std::to_string(::getpid()) + ".crt");
  std::ofstream(path) << "not a certificate\n";
  EXPECT_THAT(ErrorOf(path, path), HasSubstr("cannot load the certificate chain " + path.string()));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace rampart::api::server_detail
