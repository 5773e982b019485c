#pragma once
// application::QrCodeRenderer with libqrencode: byte mode, error correction level M (what
// authenticator apps scan reliably from a screen), drawn as an SVG path of dark modules with a
// quiet zone of four modules. The SVG scales to any size (`viewBox` in modules).
#include <string>
#include <vector>

#include "application/ports/second_factor.hpp"

namespace rampart::infrastructure {

class QrSvgRenderer final : public application::QrCodeRenderer {
 public:
  // Svg throws std::runtime_error when `text` does not fit in a QR code (over ~2.3 kB at level M).
  std::string Svg(std::string_view text) const override;
};

// QrModules returns the modules of `text`'s QR code, row by row (true: dark), without the quiet
// zone.
std::vector<std::vector<bool>> QrModules(std::string_view text);

}  // namespace rampart::infrastructure
