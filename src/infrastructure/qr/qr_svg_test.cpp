#include "infrastructure/qr/qr_svg.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace rampart::infrastructure {
namespace {

constexpr std::string_view kUri =
    "otpauth://totp/rampart:ada%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    "&issuer=rampart&algorithm=SHA1&digits=6&period=30";

// The SVG's dark modules back as a matrix (quiet zone removed): the path is runs "Mx yhNv1h-Nz".
std::vector<std::vector<bool>> Parse(const std::string& svg, int width) {
  std::vector<std::vector<bool>> modules(width, std::vector<bool>(width));
  const std::regex run(R"(M(\d+) (\d+)h(\d+)v1h-\3z)");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), run); it != std::sregex_iterator();
       ++it) {
    const int x = std::stoi((*it)[1]) - 4;
    const int y = std::stoi((*it)[2]) - 4;
    for (int i = 0; i < std::stoi((*it)[3]); ++i) modules[y][x + i] = true;
  }
  return modules;
}

TEST(QrSvg, DrawsExactlyTheModulesOfTheCodeWithAQuietZone) {
  const auto modules = QrModules(kUri);
  const int width = static_cast<int>(modules.size());
  EXPECT_EQ((width - 17) % 4, 0);  // a QR code of version v is 17 + 4v modules wide
  const auto svg = QrSvgRenderer().Svg(kUri);
  const auto side = std::to_string(width + 8);
  EXPECT_TRUE(svg.starts_with(R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 )" + side +
                              " " + side + "\""));
  EXPECT_TRUE(svg.ends_with("</svg>"));
  EXPECT_EQ(Parse(svg, width), modules);
}

TEST(QrSvg, HasTheThreeFinderPatterns) {
  const auto modules = QrModules(kUri);
  const int n = static_cast<int>(modules.size());
  // 7x7: dark ring, light ring, dark 3x3 core; at three corners.
  for (const auto& [ox, oy] : {std::pair{0, 0}, std::pair{n - 7, 0}, std::pair{0, n - 7}}) {
    for (int y = 0; y < 7; ++y) {
      for (int x = 0; x < 7; ++x) {
        const bool ring = x == 0 || y == 0 || x == 6 || y == 6;
        const bool core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
        EXPECT_EQ(modules[oy + y][ox + x], ring || core) << ox << "," << oy << " " << x << "," << y;
      }
    }
  }
}

TEST(QrSvg, RefusesTextTooLongForAQrCode) {
  EXPECT_THROW(QrSvgRenderer().Svg(std::string(4000, 'x')), std::runtime_error);
}

}  // namespace
}  // namespace rampart::infrastructure
