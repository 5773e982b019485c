#include "api/http/http.hpp"

#include <algorithm>

#include "api/http/percent_decode.hpp"

namespace rampart::api {

std::string_view ToString(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kHead:
      return "HEAD";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kPatch:
      return "PATCH";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kUnknown:
      break;
  }
  return "UNKNOWN";
}

// Methods are case-sensitive (RFC 9110 §9.1): "get" is not GET.
Method ParseMethod(std::string_view text) {
  if (text == "GET") return Method::kGet;
  if (text == "HEAD") return Method::kHead;
  if (text == "POST") return Method::kPost;
  if (text == "PUT") return Method::kPut;
  if (text == "PATCH") return Method::kPatch;
  if (text == "DELETE") return Method::kDelete;
  if (text == "OPTIONS") return Method::kOptions;
  return Method::kUnknown;
}

std::string_view Request::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (EqualsIgnoreCase(name, lower_name)) return value;
  }
  return {};
}

std::string_view Request::PathParam(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) return value;
  }
  return {};
}

std::optional<std::string> Request::QueryParam(std::string_view name) const {
  std::string_view rest = query;
  std::string decoded_key;
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    const std::string_view raw_key = pair.substr(0, equals);
    PercentDecode(raw_key, decoded_key, /*plus_as_space=*/true);
    if (decoded_key != name) continue;
    std::string value;
    if (equals != std::string_view::npos) {
      PercentDecode(pair.substr(equals + 1), value, /*plus_as_space=*/true);
    }
    return value;
  }
  return std::nullopt;
}

void Response::SetHeader(std::string name, std::string value) {
  auto same_name = [&name](const auto& header) { return EqualsIgnoreCase(header.first, name); };
  auto existing = std::find_if(headers.begin(), headers.end(), same_name);
  if (existing == headers.end()) {
    headers.emplace_back(std::move(name), std::move(value));
    return;
  }
  existing->second = std::move(value);
  // A header set twice before (by direct push_back) must not survive beside the new value.
  headers.erase(std::remove_if(std::next(existing), headers.end(), same_name), headers.end());
}

}  // namespace rampart::api
