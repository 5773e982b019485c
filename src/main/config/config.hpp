#pragma once
// rampart's configuration (SPEC §2). Layers, each overriding the one before:
//   built-in defaults < <config_dir>/rampart.toml < <config_dir>/rampart.<env>.toml
//   < RAMPART_* environment variables < command-line overrides.
// Every setting is declared once, in AllSettings(); docs/configuration.md describes them.
#include <expected>
#include <map>
#include <string>
#include <vector>

#include "main/config/setting_info.hpp"
#include "main/config/settings.hpp"

namespace rampart::config {

// Problem is one reason to refuse a configuration: the complete line to show ("config: ..." for a
// value or rule, "production: ..." for a production refusal) and the setting it blames (its TOML
// key; empty when it concerns no single setting: a file that cannot be read, an unknown variable).
struct Problem {
  std::string key;
  std::string message;
};

// Loaded: settings as loaded, with every problem found (not just the first): a value that fails to
// parse keeps the value of the layer below it, so the rest can still be checked and a command
// that does not use the faulty setting (`rampart migrate`) can still run.
struct Loaded {
  Settings settings;
  std::vector<Problem> problems;
};
Loaded LoadAll(const LoadOptions& options);

// DescribeSetting returns "config: <variable> (<key>, from ...): <value> <reason>" for the setting
// `key` as loaded (its value masked when secret): the wording of every configuration problem.
std::string DescribeSetting(const Settings& settings, std::string_view key,
                            std::string_view reason);

// Load: LoadAll, failing with every problem (one line each, joined by newlines). Each line names
// the setting, where its value came from and why it is wrong, e.g.
//   config: RAMPART_LISTEN (server.listen, from environment): "abc" is not host:port (...)
//   config: config/rampart.toml:12: unknown key "server.lisen" (did you mean "server.listen"?)
// Unknown keys in files and unknown override keys are errors; RAMPART_* environment variables
// other than the declared ones are recorded in Settings::unknown_variables (a warning; a
// production problem). Secret values never appear in an error.
std::expected<Settings, std::string> Load(const LoadOptions& options);

// DefaultSettings returns the built-in defaults alone, resolved as Load would (no files, no
// environment).
Settings DefaultSettings();

// EnvironmentFromProcess returns the RAMPART_* variables (and DD_SERVICE, DD_ENV, DD_VERSION) of
// this process's environment.
std::map<std::string, std::string> EnvironmentFromProcess();

// RenderEffective: for `rampart config check`: one line per setting, "key = value (source)", keys
// padded to one column, secrets shown as ******** and URL passwords masked.
std::string RenderEffective(const Settings& settings);

// ProductionProblems returns reasons a production deployment must refuse to start with these
// settings, whatever `settings.env` says (the caller refuses when IsProduction() and the list is
// non-empty; `config check` can show them as warnings elsewhere). Empty when all is well.
std::vector<std::string> ProductionProblems(const Settings& settings);
// ProductionRefusals returns the same, each with the setting it blames (empty key: an unknown
// variable).
std::vector<Problem> ProductionRefusals(const Settings& settings);
// ProductionRuleKeys returns the settings production's rules blame, one per rule
// (docs/operations.md lists them).
std::vector<std::string_view> ProductionRuleKeys();

}  // namespace rampart::config
