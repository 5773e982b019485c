#include "domain/feature.hpp"

#include <algorithm>
#include <array>

namespace rampart::domain {

namespace {
constexpr std::array<FeatureInfo, kFeatureCount> kCatalogue{
    // rampart:begin(iam)
    FeatureInfo{.feature = Feature::kRegistrationOpen,
                .name = "registration.open",
                .type = FeatureType::kBoolean,
                .default_value = true,
                .description = "Self-registration (`POST /api/v1/auth/register`) is open. Off, it "
                               "answers 403 and accounts are created by administrators only "
                               "(`POST /api/v1/users`, `rampart admin create`).",
                .off_detail =
                    "Self-registration is closed on this service; ask an administrator for "
                    "an account."},
    FeatureInfo{
        .feature = Feature::kPasswordReset,
        .name = "auth.password_reset",
        .type = FeatureType::kBoolean,
        .default_value = true,
        .description = "Password reset by e-mail (`POST /api/v1/auth/forgot-password`, "
                       "`/auth/reset-password`). Off, both answer 403 and no reset mail is "
                       "sent; links mailed before stop working.",
        .off_detail = "Password reset is turned off on this service; ask an administrator."},
    // rampart:end
    FeatureInfo{.feature = Feature::kDocsUi,
                .name = "docs.ui",
                .type = FeatureType::kBoolean,
                .default_value = false,
                .description =
                    "Swagger UI at `GET /docs` (embedded, no CDN); off, `/docs` answers 404. "
                    "The development and staging profiles turn it on; production refuses it "
                    "on (an API explorer open to the world). `/openapi.json` stays public "
                    "either way.",
                .off_detail = "The API explorer is turned off on this service."},
};

static_assert(
    [] {
      for (std::size_t i = 0; i < kCatalogue.size(); ++i) {
        if (static_cast<std::size_t>(kCatalogue[i].feature) != i) return false;
      }
      return true;
    }(),
    "the catalogue must list the flags in the order of domain::Feature");

}  // namespace

std::string_view ToString(FeatureType type) {
  switch (type) {
    case FeatureType::kBoolean:
      break;
  }
  return "boolean";
}

std::span<const FeatureInfo> FeatureCatalogue() { return kCatalogue; }

const FeatureInfo& InfoOf(Feature feature) { return kCatalogue[static_cast<std::size_t>(feature)]; }

const FeatureInfo* FindFeature(std::string_view name) {
  const auto it = std::find_if(kCatalogue.begin(), kCatalogue.end(),
                               [&](const FeatureInfo& info) { return info.name == name; });
  return it == kCatalogue.end() ? nullptr : &*it;
}

}  // namespace rampart::domain
