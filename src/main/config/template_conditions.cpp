#include "main/config/template_conditions.hpp"

#include <utility>

namespace rampart::config {

namespace {

// A key, or a section when it ends with '.', and the condition under which a generated service
// has it. tests/template/generator_test.py checks, per variant, that the settings table (whose
// entries carry the same conditions as markers), the defaults file and the docs agree.
constexpr std::pair<std::string_view, std::string_view> kOptionalSettings[] = {
    {"database.password", "postgres"},
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

constexpr std::pair<std::string_view, TemplateFragment> kFragments[] = {
    {"database.url", {"postgres", " or `postgresql://user:password@host:5432/db`"}},
    {"server.worker_threads", {"postgres", ", on PostgreSQL at least `database.pool.max_size`"}},
    {"cache.enabled",
     {"iam", ". It holds users, sessions and permissions (the identity cache); the verified-token "
             "cache is separate (cache.verified_tokens)"}},
    {"data_dir", {"iam", " and generated signing keys"}},
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

}  // namespace

const TemplateFragment* TemplateFragmentOf(std::string_view key) {
  for (const auto& [name, fragment] : kFragments) {
    if (name == key) return &fragment;
  }
  return nullptr;
}

void MarkFragment(std::string& description, const TemplateFragment& fragment) {
  const auto at = description.find(fragment.text);
  if (at == std::string::npos) return;
  description.insert(at + fragment.text.size(), "<!-- rampart:end -->");
  description.insert(at, "<!-- rampart:begin(" + std::string(fragment.condition) + ") -->");
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

void TemplateMarkedText::AddAlternatives(std::string_view chunk, std::string_view condition,
                                         std::string_view alternative) {
  if (!open_.empty()) text_ += "# rampart:end\n";
  open_.clear();
  text_.append("# rampart:begin(").append(condition).append(")\n");
  text_ += chunk;
  text_ += "# rampart:else\n";
  std::size_t start = 0;
  while (start < alternative.size()) {
    auto end = alternative.find('\n', start);
    if (end == std::string_view::npos) end = alternative.size();
    const auto line = alternative.substr(start, end - start);
    text_ += line.empty() ? "#" : "# ";
    text_.append(line).append("\n");
    start = end + 1;
  }
  text_ += "# rampart:end\n";
}

std::string TemplateMarkedText::Finish() {
  if (!open_.empty()) text_ += "# rampart:end\n";
  open_.clear();
  return std::move(text_);
}

}  // namespace rampart::config
