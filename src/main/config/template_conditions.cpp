#include "main/config/template_conditions.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

namespace rampart::config {

namespace {

// A key, or a section when it ends with '.', and the condition under which a generated service
// has it. tests/template/generator_test.py checks, per variant, that the settings table (whose
// entries carry the same conditions as markers), the defaults file and the docs agree.
constexpr std::pair<std::string_view, std::string_view> kOptionalSettings[] = {
    {"database.password", "postgres"},
    {"database.allow_sqlite_in_production", "sqlite"},
    {"database.pool.", "postgres"},
    {"database.circuit_breaker.", "postgres"},
    {"redis.", "redis"},
    {"rate_limit.shared", "redis"},
    {"queue.url", "sqs"},
    {"queue.wait_time", "sqs"},
    {"events.queue_url", "sqs"},
    {"outbound.sqs.", "sqs"},
    {"aws.endpoint_url_sqs", "sqs"},
    // The identity domain's (users, sessions, passwords, MFA, API keys, signing keys); without
    // it the service keeps auth.issuer, auth.audience and auth.clock_skew to verify an external
    // issuer's access tokens.
    {"admin.", "iam"},
    {"auth.signing_key_file", "iam"},
    {"auth.keys_dir", "iam"},
    {"auth.keys_secret", "iam"},
    {"auth.signing_algorithm", "iam"},
    {"auth.key_rotation_interval", "iam"},
    {"auth.access_token_ttl", "iam"},
    {"auth.refresh_idle_ttl", "iam"},
    {"auth.session_max_lifetime", "iam"},
    {"password.", "iam"},
    {"mfa.", "iam"},
    {"lockout.", "iam"},
    {"mail.public_base_url", "iam"},
    {"mail.verify_email_ttl", "iam"},
    {"mail.reset_password_ttl", "iam"},
    {"api_keys.", "iam"},
    {"argon2.", "iam"},
    {"cache.user_ttl", "iam"},
    {"cache.session_ttl", "iam"},
    {"cache.permissions_ttl", "iam"},
    {"cache.verified_tokens", "iam"},
    // The stricter limit of the sign-in, registration and password-reset endpoints.
    {"rate_limit.auth_limit", "iam"},
    {"rate_limit.auth_window", "iam"},
    // The identity domain's feature flags (domain/feature.cpp marks their catalogue entries).
    {"features.registration.open", "iam"},
    {"features.auth.password_reset", "iam"},
};

// A key's fragments are consecutive, in the order they appear in its description.
constexpr std::pair<std::string_view, TemplateFragment> kFragments[] = {
    {"database.url", {"sqlite", "`sqlite://<path>` (relative, or `sqlite:///abs/path.db`)"}},
    {"database.url", {"sqlite & postgres", " or "}},
    {"database.url", {"postgres", "`postgresql://user:password@host:5432/db`"}},
    {"database.url",
     {"sqlite", ". Empty means `sqlite://<data_dir>/rampart.db`.",
      " (or `postgres://`). Required: `rampart serve`, `migrate` and `config check` refuse an "
      "empty one."}},
    {"server.worker_threads", {"postgres", ", on PostgreSQL at least `database.pool.max_size`"}},
    {"cache.enabled",
     {"iam", ". It holds users, sessions and permissions (the identity cache); the verified-token "
             "cache is separate (cache.verified_tokens)"}},
    {"data_dir", {"sqlite", ", the default SQLite database"}},
    {"auth.issuer",
     {"iam", " and issues, and its OpenID issuer; empty means `http://<server.listen>`"}},
    {"auth.audience", {"iam", " and issues"}},
    {"auth.clock_skew",
     {"iam", " A retired signing key stays in the JWKS for `auth.access_token_ttl` + this + "
             "`reload.interval`."}},
    {"mail.from", {"iam", " verification and password-reset"}},
    {"features.source", {"iam", ", e.g. `{\"registration.open\": false}`,"}},
    {"reload.interval",
     {"iam", "the signing keys (a rotation by another instance or by `rampart keys`) and "}},
};

// The fragments' own, in one array (TemplateFragmentsOf returns a part of it).
constexpr auto kFragmentList = [] {
  std::array<TemplateFragment, std::size(kFragments)> list{};
  for (std::size_t i = 0; i < list.size(); ++i) list[i] = kFragments[i].second;
  return list;
}();

// A condition's features (names), each once, in order of appearance.
std::vector<std::string> FeaturesOf(std::string_view condition) {
  std::vector<std::string> names;
  std::size_t i = 0;
  while (i < condition.size()) {
    if (std::islower(static_cast<unsigned char>(condition[i])) == 0 && condition[i] != '_') {
      ++i;
      continue;
    }
    const auto start = i;
    while (i < condition.size() &&
           (std::islower(static_cast<unsigned char>(condition[i])) != 0 || condition[i] == '_')) {
      ++i;
    }
    std::string name(condition.substr(start, i - start));
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

// Evaluates a condition (names, `!`, `&`, `|`, parentheses; & binds tighter than |) with `has`
// saying which features are present. The generator checks the syntax of the markers it reads.
class ConditionEvaluator {
 public:
  ConditionEvaluator(std::string_view text, const std::function<bool(std::string_view)>& has)
      : text_(text), has_(has) {}
  bool Evaluate() { return Or(); }

 private:
  char Peek() {
    while (at_ < text_.size() && text_[at_] == ' ') ++at_;
    return at_ < text_.size() ? text_[at_] : '\0';
  }
  bool Or() {
    bool value = And();
    while (Peek() == '|') {
      ++at_;
      value = And() || value;
    }
    return value;
  }
  bool And() {
    bool value = Not();
    while (Peek() == '&') {
      ++at_;
      value = Not() && value;
    }
    return value;
  }
  bool Not() {
    const char c = Peek();
    if (c == '!') {
      ++at_;
      return !Not();
    }
    if (c == '(') {
      ++at_;
      const bool value = Or();
      if (Peek() == ')') ++at_;
      return value;
    }
    const auto start = at_;
    while (at_ < text_.size() &&
           (std::islower(static_cast<unsigned char>(text_[at_])) != 0 || text_[at_] == '_')) {
      ++at_;
    }
    return has_(text_.substr(start, at_ - start));
  }

  std::string_view text_;
  const std::function<bool(std::string_view)>& has_;
  std::size_t at_ = 0;
};

std::string TomlComment(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const auto line = text.substr(start, end - start);
    out += line.empty() ? "#" : "# ";
    out.append(line).append("\n");
    start = end + 1;
  }
  return out;
}

}  // namespace

std::span<const TemplateFragment> TemplateFragmentsOf(std::string_view key) {
  std::size_t first = 0;
  while (first < std::size(kFragments) && kFragments[first].first != key) ++first;
  std::size_t last = first;
  while (last < std::size(kFragments) && kFragments[last].first == key) ++last;
  return std::span(kFragmentList).subspan(first, last - first);
}

void MarkFragments(std::string& description, std::span<const TemplateFragment> fragments) {
  std::size_t from = 0;
  for (const auto& fragment : fragments) {
    const auto at = description.find(fragment.text, from);
    if (at == std::string::npos) continue;
    std::string end = "<!-- rampart:end -->";
    if (!fragment.alternative.empty()) {
      end.append("<!-- rampart:unless(")
          .append(fragment.condition)
          .append("): ")
          .append(fragment.alternative)
          .append(" -->");
    }
    description.insert(at + fragment.text.size(), end);
    description.insert(at, "<!-- rampart:begin(" + std::string(fragment.condition) + ") -->");
    from = description.find(end, at) + end.size();
  }
}

std::string ResolveFragments(std::string_view description,
                             std::span<const TemplateFragment> fragments,
                             const std::function<bool(std::string_view condition)>& holds) {
  std::string out;
  std::size_t from = 0;
  for (const auto& fragment : fragments) {
    const auto at = description.find(fragment.text, from);
    if (at == std::string_view::npos) continue;
    out.append(description.substr(from, at - from));
    out.append(holds(fragment.condition) ? fragment.text : fragment.alternative);
    from = at + fragment.text.size();
  }
  out.append(description.substr(from));
  return out;
}

std::string_view TemplateConditionOf(std::string_view key) {
  for (const auto& [prefix, condition] : kOptionalSettings) {
    if (prefix.ends_with('.') ? key.starts_with(prefix) : key == prefix) return condition;
  }
  return {};
}

void TemplateMarkedText::Add(std::string_view chunk, std::string_view condition) {
  if (style_ == Style::kMarkdownRows) {
    text_ += chunk;
    if (!condition.empty() && text_.ends_with('\n')) {
      text_.pop_back();
      text_.append(" <!-- rampart:only(").append(condition).append(") -->\n");
    }
    return;
  }
  if (condition != open_) {
    if (!open_.empty()) text_ += "# rampart:end\n";
    if (!condition.empty()) text_.append("# rampart:begin(").append(condition).append(")\n");
    open_ = std::string(condition);
  }
  text_ += chunk;
}

void TemplateMarkedText::AddVariants(
    std::string_view description, std::span<const TemplateFragment> fragments,
    const std::function<std::string(std::string_view description)>& render) {
  std::vector<std::string> features;
  for (const auto& fragment : fragments) {
    for (auto& name : FeaturesOf(fragment.condition)) {
      if (std::find(features.begin(), features.end(), name) == features.end()) {
        features.push_back(std::move(name));
      }
    }
  }
  // Every feature present but `absent` (none: the template's own text).
  const auto text = [&](std::string_view absent) {
    const std::function<bool(std::string_view)> has = [absent](std::string_view feature) {
      return feature != absent;
    };
    return render(ResolveFragments(description, fragments, [&](std::string_view condition) {
      return ConditionEvaluator(condition, has).Evaluate();
    }));
  };
  if (!open_.empty()) text_ += "# rampart:end\n";
  open_.clear();
  for (const auto& feature : features) text_.append("# rampart:begin(").append(feature).append(")\n");
  text_ += text({});
  for (auto feature = features.rbegin(); feature != features.rend(); ++feature) {
    text_ += "# rampart:else\n";
    text_ += TomlComment(text(*feature));
    text_ += "# rampart:end\n";
  }
}

std::string TemplateMarkedText::Finish() {
  if (!open_.empty()) text_ += "# rampart:end\n";
  open_.clear();
  return std::move(text_);
}

}  // namespace rampart::config
