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

// A part of a shared setting's description that only some services have (the settings table
// marks its string literal the same way), e.g. database.url's PostgreSQL example.
struct TemplateFragment {
  std::string_view condition;
  std::string_view text;  // exactly as it appears in the description
};
// The fragments of the setting's description (at most one today).
const TemplateFragment* TemplateFragmentOf(std::string_view key);
// Wraps the fragment in `description` (a Markdown cell) in an inline marker span.
void MarkFragment(std::string& description, const TemplateFragment& fragment);

// Text made of chunks, each run of chunks with the same condition wrapped in one marker block
// (TOML: `# rampart:begin(c)` ... `# rampart:end` lines) or, for Markdown table rows, each row
// ended with `<!-- rampart:only(c) -->`.
class TemplateMarkedText {
 public:
  enum class Style { kToml, kMarkdownRows };
  explicit TemplateMarkedText(Style style) : style_(style) {}

  void Add(std::string_view chunk, std::string_view condition);
  // TOML: `chunk` where `condition` holds, else `alternative` (written as comments).
  void AddAlternatives(std::string_view chunk, std::string_view condition,
                       std::string_view alternative);
  // Everything added, the last block closed.
  std::string Finish();

 private:
  Style style_;
  std::string text_;
  std::string open_;  // the condition of the open TOML block
};

}  // namespace rampart::config
