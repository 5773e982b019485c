#pragma once
// Parsers for the textual forms settings take in files, environment variables and flags.
// Each error is a reason phrase meant to follow the quoted value ("\"abc\" is not host:port"),
// so it never repeats the value itself (secret settings use the same parsers).
#include <chrono>
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::config {

// ParseDuration accepts "500ms", "15s", "10m", "2h", "14d", or a bare integer meaning seconds; must
// be > 0.
std::expected<std::chrono::milliseconds, std::string> ParseDuration(std::string_view text);

// FormatDuration returns the shortest exact form of a duration: 15000ms → "15s", 1209600000ms →
// "14d", 1500ms → "1500ms".
std::string FormatDuration(std::chrono::milliseconds duration);

// ParseBool: true/false, also yes/no, on/off and 1/0 (any case) as environment variables often use
// them.
std::expected<bool, std::string> ParseBool(std::string_view text);

// ParseInteger accepts a decimal integer (optional leading '-') within [min, max].
std::expected<long long, std::string> ParseInteger(std::string_view text, long long min,
                                                   long long max);

struct HostPort {
  std::string host;  // IPv4 literal, hostname, or IPv6 literal without brackets
  std::uint16_t port = 0;
};

// ParseHostPort accepts "127.0.0.1:8080", "[::1]:8080" or "localhost:8080"; port 0–65535.
std::expected<HostPort, std::string> ParseHostPort(std::string_view text);

// FormatHostPort returns "host:port", bracketing an IPv6 host.
std::string FormatHostPort(std::string_view host, std::uint16_t port);

// ParseChoice accepts one of `choices`, compared case-insensitively; returns the choice as spelt in
// `choices`.
std::expected<std::string, std::string> ParseChoice(std::string_view text,
                                                    std::span<const std::string_view> choices);

// ValidateIssuerUrl accepts an absolute http:// or https:// URL with a host and no query or
// fragment (an OIDC issuer).
std::expected<void, std::string> ValidateIssuerUrl(std::string_view text);

// SplitList splits a comma-separated list: entries trimmed, empty ones dropped ("a, b,,c" → a, b,
// c).
std::vector<std::string> SplitList(std::string_view text);

// ValidateOrigin accepts a CORS origin as browsers send it: `scheme://host[:port]`, lower case, no
// path, no trailing slash; or "*".
std::expected<void, std::string> ValidateOrigin(std::string_view text);

// IsHttpToken returns true for an HTTP token (a method or header name, RFC 9110 §5.6.2).
bool IsHttpToken(std::string_view text);

}  // namespace rampart::config
