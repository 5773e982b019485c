#pragma once
// The template only (docs/template.md#settings): which settings belong to an optional part, so
// that config/rampart.toml and the table of docs/configuration.md carry the markers that
// `rampart new` resolves. A generated service has neither this file nor the markers.
#include <string>
#include <string_view>

namespace rampart::config {

// The template condition of a setting ("redis"), or of a whole section when given "<section>.";
// empty: every service has it.
std::string_view TemplateConditionOf(std::string_view key);

// Text made of chunks, each run of chunks with the same condition wrapped in one marker block
// (TOML: `# rampart:begin(c)` ... `# rampart:end` lines) or, for Markdown table rows, each row
// ended with `<!-- rampart:only(c) -->`.
class TemplateMarkedText {
 public:
  enum class Style { kToml, kMarkdownRows };
  explicit TemplateMarkedText(Style style) : style_(style) {}

  void Add(std::string_view chunk, std::string_view condition);
  // Everything added, the last block closed.
  std::string Finish();

 private:
  Style style_;
  std::string text_;
  std::string open_;  // the condition of the open TOML block
};

}  // namespace rampart::config
