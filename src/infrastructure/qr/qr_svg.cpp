#include "infrastructure/qr/qr_svg.hpp"

#include <qrencode.h>

#include <memory>
#include <stdexcept>

namespace rampart::infrastructure {

namespace {
constexpr int kQuietZone = 4;

struct QrDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};
}  // namespace

std::vector<std::vector<bool>> QrModules(std::string_view text) {
  const std::string data(text);  // libqrencode wants a C string (8-bit mode stops at NUL)
  const std::unique_ptr<QRcode, QrDeleter> code(
      QRcode_encodeString8bit(data.c_str(), 0, QR_ECLEVEL_M));
  if (!code) throw std::runtime_error("the text does not fit in a QR code");
  const int width = code->width;
  std::vector<std::vector<bool>> modules(static_cast<std::size_t>(width),
                                         std::vector<bool>(static_cast<std::size_t>(width)));
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      modules[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)] =
          (code->data[y * width + x] & 1) != 0;
    }
  }
  return modules;
}

std::string QrSvgRenderer::Svg(std::string_view text) const {
  const auto modules = QrModules(text);
  const int size = static_cast<int>(modules.size()) + 2 * kQuietZone;
  const std::string side = std::to_string(size);
  std::string svg =
      R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 )" + side + " " + side +
      R"(" shape-rendering="crispEdges"><rect width=")" + side + R"(" height=")" + side +
      R"(" fill="#fff"/><path fill="#000" d=")";
  // One rectangle per horizontal run of dark modules.
  for (std::size_t y = 0; y < modules.size(); ++y) {
    const auto& row = modules[y];
    for (std::size_t x = 0; x < row.size();) {
      if (!row[x]) {
        ++x;
        continue;
      }
      std::size_t run = 0;
      while (x + run < row.size() && row[x + run]) ++run;
      svg += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) + "h" +
             std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  svg += R"("/></svg>)";
  return svg;
}

}  // namespace rampart::infrastructure
