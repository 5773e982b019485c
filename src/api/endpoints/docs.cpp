// GET /docs: Swagger UI over this service's /openapi.json, served from files embedded at build
// time (cmake/swagger_ui.cmake) so that it works offline. Every other response carries the
// deny-all CSP; these carry a policy that allows exactly what the page needs from this origin:
// its script and stylesheet files, fetches of /openapi.json and "Try it out" calls, and the
// data: images of the stylesheet. No inline script, no eval, no other origin.
#include "api/endpoints/endpoints.hpp"
#include "api/endpoints/swagger_ui_assets.hpp"
#include "api/http/problem.hpp"
#include "api/http/security_headers.hpp"
#include "application/dispatch/feature_gate.hpp"

namespace rampart::api {

namespace {

// Relative URLs, so the page also works behind a path prefix (/<prefix>/docs).
constexpr std::string_view kPage = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>rampart API</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
<link rel="icon" type="image/png" href="docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/swagger-initializer.js"></script>
</body>
</html>
)html";

// Ours, not the package's (which points at the petstore). validatorUrl null: the UI would
// otherwise send the document to an online validator.
constexpr std::string_view kInitializer = R"js(window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: new URL('openapi.json', document.baseURI).href,
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout'
  });
});
)js";

Response Asset(std::string_view content_type, std::string_view body) {
  Response response{200, std::string(content_type), std::string(body), {}};
  response.SetHeader("Content-Security-Policy", std::string(kDocsContentSecurityPolicy));
  // The files change only with the binary; the page itself is revalidated.
  response.SetHeader("Cache-Control", "public, max-age=3600");
  return response;
}

// 404 while the docs.ui flag is off (it may change while the service runs: checked per request).
std::optional<Response> TurnedOff(const application::Services& services, const Request& request) {
  if (application::FeatureEnabled(services, domain::Feature::kDocsUi)) return std::nullopt;
  return ProblemWithStatus(404, "not-found", "Not found",
                           std::string(domain::InfoOf(domain::Feature::kDocsUi).off_detail),
                           request);
}

}  // namespace

std::vector<Endpoint> DocsEndpoints(const ApiContext& context) {
  std::vector<Endpoint> endpoints;
  const auto assets = SwaggerUiAssets();
  if (assets.empty()) return endpoints;
  const application::Services& services = context.services;
  endpoints.push_back({
      .method = Method::kGet,
      .route = "/docs",
      .execution = Execution::kInline,
      .doc = {.operation_id = "docsPage",
              .summary = "Swagger UI: an interactive explorer of this API",
              .description = "An HTML page that renders /openapi.json (Swagger UI, embedded; no "
                             "CDN). 404 while the feature flag `docs.ui` is off (the default, "
                             "and always in production).",
              .tag = "discovery",
              .responses = {{200, "The HTML page.", ""},
                            {404, "The feature flag `docs.ui` is off.", ""}}},
      .handler =
          [&services](Request& request) {
            if (auto off = TurnedOff(services, request)) return std::move(*off);
            Response response = Asset("text/html; charset=utf-8", kPage);
            response.SetHeader("Cache-Control", "no-cache");
            return response;
          },
  });
  endpoints.push_back({
      .method = Method::kGet,
      .route = "/docs/{file}",
      .execution = Execution::kInline,
      .doc = {.operation_id = "docsFile",
              .summary = "A file of the Swagger UI page",
              .description = "The script, stylesheet and icon /docs loads.",
              .tag = "discovery",
              .responses = {{200, "The file.", ""}, {404, "No such file.", ""}}},
      .handler =
          [assets, &services](Request& request) {
            if (auto off = TurnedOff(services, request)) return std::move(*off);
            const auto name = request.PathParam("file");
            if (name == "swagger-initializer.js") {
              return Asset("text/javascript; charset=utf-8", kInitializer);
            }
            for (const auto& asset : assets) {
              if (asset.name == name) return Asset(asset.content_type, asset.body);
            }
            return ProblemWithStatus(404, "not-found", "Not found", "No such file under /docs.",
                                     request);
          },
  });
  return endpoints;
}

}  // namespace rampart::api
