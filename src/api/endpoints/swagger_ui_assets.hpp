#pragma once
// The Swagger UI files embedded at build time (cmake/swagger_ui.cmake: npm swagger-ui-dist,
// pinned version and SHA-256). Empty when built with -DRAMPART_SWAGGER_UI=OFF.
#include <span>
#include <string_view>

namespace rampart::api {

// StaticAsset is one embedded file served under /docs.
struct StaticAsset {
  std::string_view name;          // file name, served as /docs/<name>
  std::string_view content_type;  // e.g. "text/css; charset=utf-8"
  std::string_view body;
};

// SwaggerUiAssets are the embedded Swagger UI files; empty when built without them.
std::span<const StaticAsset> SwaggerUiAssets();
// SwaggerUiVersion is the embedded swagger-ui-dist version; empty when there is none.
std::string_view SwaggerUiVersion();

}  // namespace rampart::api
