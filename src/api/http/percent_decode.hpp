#pragma once
#include <string>
#include <string_view>

namespace rampart::api {

// PercentDecode decodes the %XX escapes of `text` into `out` (replacing its content), and '+'
// as a space when `plus_as_space` (query strings, form bodies). Returns false when an escape is
// malformed ("%zz", a trailing "%"); `out` then holds the text with that '%' kept as is, which
// suits lenient callers (query values) while strict ones (the request path) refuse the request.
bool PercentDecode(std::string_view text, std::string& out, bool plus_as_space = false);

// EqualsIgnoreCase is ASCII case-insensitive equality, for header names and auth schemes.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace rampart::api
