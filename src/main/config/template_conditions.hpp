#pragma once
// The template only (docs/template.md#settings): which settings belong to an optional part, so
// that config/rampart.toml and the table of docs/configuration.md carry the markers that
// `rampart new` resolves. A generated service has neither this file nor the markers.
#include <functional>
#include <span>
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
  // In its place where the condition does not hold (the settings table's rampart:else part).
  std::string_view alternative = {};
};
// The fragments of the setting's description, in the order they appear in it (none: empty).
std::span<const TemplateFragment> TemplateFragmentsOf(std::string_view key);
// Wraps each fragment in `description` (a Markdown cell) in an inline marker span, followed by
// its alternative in a `rampart:unless` marker.
void MarkFragments(std::string& description, std::span<const TemplateFragment> fragments);
// The description as a service has it where each fragment's condition holds or not as
// `holds(condition)` says.
std::string ResolveFragments(std::string_view description,
                             std::span<const TemplateFragment> fragments,
                             const std::function<bool(std::string_view condition)>& holds);

// Text made of chunks, each run of chunks with the same condition wrapped in one marker block
// (TOML: `# rampart:begin(c)` ... `# rampart:end` lines) or, for Markdown table rows, each row
// ended with `<!-- rampart:only(c) -->`.
class TemplateMarkedText {
 public:
  enum class Style { kToml, kMarkdownRows };
  explicit TemplateMarkedText(Style style) : style_(style) {}

  void Add(std::string_view chunk, std::string_view condition);
  // TOML: a setting whose description has fragments: `render(description)` for each service,
  // nested blocks on the features the fragments' conditions name, in order of appearance. An
  // else part holds no block: it is written for the largest service without that feature (the
  // features after it present), so the fragments must vary with one feature at a time, like
  // database.url's with the database (a service has SQLite, PostgreSQL or both).
  void AddVariants(std::string_view description, std::span<const TemplateFragment> fragments,
                   const std::function<std::string(std::string_view description)>& render);
  // Everything added, the last block closed.
  std::string Finish();

 private:
  Style style_;
  std::string text_;
  std::string open_;  // the condition of the open TOML block
};

}  // namespace rampart::config
