#pragma once
// Reference texts generated from AllSettings(), so that the shipped defaults file and the
// documentation cannot drift from the code (reference_files_test compares them).
#include <string>

namespace rampart::config {

// RenderDefaultsToml returns the content of config/rampart.toml: every setting, documented, with
// its default as a commented-out line "#key = value" (so the file changes nothing until a line is
// uncommented).
std::string RenderDefaultsToml();

// RenderSettingsMarkdown returns the Markdown table of every setting (key, environment variable,
// default, meaning) found in docs/configuration.md between the markers `<!-- settings:begin -->`
// and `<!-- settings:end -->`.
std::string RenderSettingsMarkdown();

// RenderSettingsList: for `rampart config list`: every setting — key, environment variable, default
// — with its description below it, wrapped and indented.
std::string RenderSettingsList();

}  // namespace rampart::config
