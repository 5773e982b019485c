#include "main/config/unknown_variables.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "main/config/layers.hpp"
#include "main/config/setting_info.hpp"

namespace rampart::config {

namespace {

constexpr std::string_view kPrefix = "RAMPART_";
constexpr std::string_view kFileSuffix = "_FILE";

// Set by this repository's tests and benchmarks for their own processes (ctest → the Node e2e
// runner, the gtest suites); the e2e harness strips RAMPART_* before it starts the binary, but
// a developer's shell may still carry them into a manual `rampart serve`.
constexpr std::string_view kToolingVariables[] = {
    "RAMPART_BIN",
    "RAMPART_E2E_KEEP",
    "RAMPART_E2E_POSTGRES_URL_FILE",  // rampart:only(postgres)
    "RAMPART_E2E_VERBOSE",
    "RAMPART_TEST_POSTGRES_STATE",  // rampart:only(postgres)
    "RAMPART_TEST_SQS_STATE",  // rampart:only(sqs)
    "RAMPART_UPDATE_REFERENCE_FILES",
    "RAMPART_TEMPLATE_DIR",  // `rampart new` (docs/template.md)  // rampart:only(template)
};

// Variables of settings that were renamed: the note says what replaced them.
struct Renamed {
  std::string_view old_name;
  std::string_view new_name;
  std::string_view note;
};
constexpr std::array<Renamed, 1> kRenamed = {{
    {"RAMPART_DOCS_UI", "RAMPART_FEATURES_DOCS_UI",
     "server.docs_ui became the feature flag features.docs.ui, true or false"},
}};

bool IsSettingVariable(std::string_view name) {
  const auto& table = AllSettings();
  return std::any_of(table.begin(), table.end(), [&](const SettingInfo& info) {
    if (info.env_var == name) return true;
    return info.secrecy != Secrecy::kPublic && name.size() == info.env_var.size() + 5 &&
           name.starts_with(info.env_var) && name.ends_with(kFileSuffix);
  });
}

// The setting variable the name most likely meant: the nearest by edit distance when that is a
// near miss (a typo), else one whose name contains or is contained in it (a word too many or
// too few: RAMPART_LISTEN_PORT, RAMPART_DATABASE_SLOW_QUERY_THRESHOLD). Empty when none is.
std::string_view ClosestSetting(std::string_view name) {
  const auto word = name.substr(kPrefix.size());
  const std::size_t near_miss = std::max<std::size_t>(2, word.size() / 4);
  std::string_view best;
  std::size_t best_distance = SIZE_MAX;
  for (const auto& info : AllSettings()) {
    if (!info.env_var.starts_with(kPrefix)) continue;  // DD_SERVICE and friends
    const auto candidate = info.env_var.substr(kPrefix.size());
    const std::size_t distance = EditDistance(word, candidate);
    const auto& shorter = candidate.size() < word.size() ? candidate : word;
    const auto& longer = candidate.size() < word.size() ? word : candidate;
    const bool contained = shorter.size() >= 5 && longer.find(shorter) != std::string_view::npos;
    if ((distance <= near_miss || contained) && distance < best_distance) {
      best = info.env_var;
      best_distance = distance;
    }
  }
  return best;
}

// A `_FILE` form of a setting that is not a secret (only secrets are read from files).
const SettingInfo* PublicSettingOfFileForm(std::string_view name) {
  if (!name.ends_with(kFileSuffix)) return nullptr;
  const auto base = name.substr(0, name.size() - kFileSuffix.size());
  for (const auto& info : AllSettings()) {
    if (info.env_var == base && info.secrecy == Secrecy::kPublic) return &info;
  }
  return nullptr;
}

}  // namespace

std::vector<UnknownVariable> UnknownEnvironmentVariables(
    const std::map<std::string, std::string>& environment) {
  std::vector<UnknownVariable> unknown;
  for (const auto& [name, value] : environment) {
    if (!name.starts_with(kPrefix) || IsSettingVariable(name)) continue;
    if (std::find(std::begin(kToolingVariables), std::end(kToolingVariables), name) !=
        std::end(kToolingVariables)) {
      continue;
    }
    UnknownVariable variable{.name = name};
    const auto renamed = std::find_if(kRenamed.begin(), kRenamed.end(),
                                      [&](const Renamed& r) { return r.old_name == name; });
    if (renamed != kRenamed.end()) {
      variable.suggestion = std::string(renamed->new_name);
      variable.note = std::string(renamed->note);
    } else if (const auto* info = PublicSettingOfFileForm(name)) {
      variable.suggestion = std::string(info->env_var);
      variable.note = fmt::format("{} is not a secret and is not read from a file", info->key);
    } else {
      variable.suggestion = std::string(ClosestSetting(name));
    }
    unknown.push_back(std::move(variable));
  }
  return unknown;  // std::map: already sorted by name
}

std::string Describe(const UnknownVariable& variable) {
  std::string text = variable.name + " is not a setting of rampart";
  if (!variable.note.empty()) text += " (" + variable.note + ")";
  if (!variable.suggestion.empty()) text += " (did you mean " + variable.suggestion + "?)";
  return text;
}

}  // namespace rampart::config
