#include "main/config/reference.hpp"

#include <fmt/format.h>

#include "main/config/setting_info.hpp"
#include "main/config/template_conditions.hpp"  // rampart:only(template)

namespace rampart::config {

namespace {

constexpr std::size_t kCommentWidth = 98;

std::string_view SectionOf(std::string_view key) {
  const auto dot = key.find('.');
  return dot == std::string_view::npos ? std::string_view() : key.substr(0, dot);
}

std::string_view NameOf(std::string_view key) { return key.substr(key.find('.') + 1); }

// A TOML basic string.
std::string TomlString(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string TomlValue(const SettingInfo& info) {
  switch (info.kind) {
    case ValueKind::kInteger:
    case ValueKind::kBoolean:
      return std::string(info.default_value);
    case ValueKind::kString:
    case ValueKind::kDuration:
      break;
  }
  return TomlString(info.default_value);
}

// `quote` wraps code-like names (Markdown backticks; nothing in TOML comments).
std::string SecretNote(const SettingInfo& info, std::string_view quote) {
  switch (info.secrecy) {
    case Secrecy::kPublic:
      return "";
    case Secrecy::kSecret:
      return fmt::format(
          " Secret: shown as ******** and never logged; may also be read from the "
          "file named by {1}{0}_FILE{1}.",
          info.env_var, quote);
    case Secrecy::kUrlPassword:
      return fmt::format(
          " Its password is masked wherever the URL is shown; the URL may also be "
          "read from the file named by {1}{0}_FILE{1}.",
          info.env_var, quote);
  }
  return "";
}

// "# " + words, wrapped.
// `text` wrapped at kCommentWidth, each line starting with `prefix` and a space.
std::string Comment(std::string_view text, std::string_view prefix = "#") {
  std::string out;
  std::string line(prefix);
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const auto word = text.substr(start, end - start);
    if (line.size() > prefix.size() && line.size() + 1 + word.size() > kCommentWidth) {
      out += line + "\n";
      line.resize(prefix.size());  // back to the prefix
    }
    line += " ";
    line += word;
    start = end + 1;
  }
  return out + line + "\n";
}

std::string MarkdownCell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string RenderDefaultsToml() {
  std::string out =
      "# rampart configuration: every setting with its built-in default.\n"
      "#\n"
      "# Layers, each overriding the one before: built-in defaults < config/rampart.toml (this\n"
      "# file) < config/rampart.<env>.toml < RAMPART_* environment variables < command-line\n"
      "# flags. A line \"#key = value\" shows a default: remove the \"#\" to change it. Durations\n"
      "# take 500ms, 15s, 10m, 2h, 14d or a bare number of seconds. Unknown keys are errors.\n"
      "# `rampart config check` prints the effective configuration. See docs/configuration.md.\n"
      "#\n"
      "# Generated from src/main/config/setting_table.cpp (RenderDefaultsToml); edit the table,\n"
      "# not this file.\n";
  TemplateMarkedText marked(TemplateMarkedText::Style::kToml);  // rampart:only(template)
  std::string_view section;
  for (const auto& info : AllSettings()) {
    const auto this_section = SectionOf(info.key);
    if (this_section != section) {
      section = this_section;
      // rampart:begin(template)
      marked.Add(fmt::format("\n[{}]\n", section),
                 TemplateConditionOf(std::string(section) + "."));
      // rampart:else
      // out += fmt::format("\n[{}]\n", section);
      // rampart:end
    }
    const auto render = [&](std::string_view description) {
      std::string setting = "\n";
      setting += Comment(fmt::format("{}{}", description, SecretNote(info, "")));
      setting += fmt::format("# Environment variable: {}\n", info.env_var);
      setting += fmt::format("#{} = {}\n", NameOf(info.key), TomlValue(info));
      return setting;
    };
    const std::string setting = render(info.description);
    // rampart:begin(template)
    if (const auto fragments = TemplateFragmentsOf(info.key); !fragments.empty()) {
      marked.AddVariants(info.description, fragments, render);
    } else {
      marked.Add(setting, TemplateConditionOf(info.key));
    }
    // rampart:else
    // out += setting;
    // rampart:end
  }
  out += marked.Finish();  // rampart:only(template)
  return out;
}

std::string RenderSettingsMarkdown() {
  std::string out =
      "| key | environment variable | default | meaning |\n"
      "|---|---|---|---|\n";
  TemplateMarkedText marked(TemplateMarkedText::Style::kMarkdownRows);  // rampart:only(template)
  for (const auto& info : AllSettings()) {
    const std::string default_cell =
        info.default_value.empty() ? "(empty)" : fmt::format("`{}`", info.default_value);
    std::string description = MarkdownCell(info.description);
    // rampart:begin(template)
    MarkFragments(description, TemplateFragmentsOf(info.key));
    // rampart:end
    const auto row = fmt::format("| `{}` | `{}` | {} | {}{} |\n", info.key, info.env_var,
                                 default_cell, description, SecretNote(info, "`"));
    // rampart:begin(template)
    marked.Add(row, TemplateConditionOf(info.key));
    // rampart:else
    // out += row;
    // rampart:end
  }
  out += marked.Finish();  // rampart:only(template)
  return out;
}

std::string RenderSettingsList() {
  std::string out;
  for (const auto& info : AllSettings()) {
    out += fmt::format("{}\n  variable: {}   default: {}\n", info.key, info.env_var,
                       info.default_value.empty() ? "(empty)" : info.default_value);
    out += Comment(fmt::format("{}{}", info.description, SecretNote(info, "")), "   ");
  }
  return out;
}

}  // namespace rampart::config
