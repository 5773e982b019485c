#include "infrastructure/aws/sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <stdexcept>
#include <vector>

namespace rampart::infrastructure::aws {

namespace {

// Headers the SDKs never sign (they change on the way, or are the signature itself).
bool Unsignable(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "authorization", "cache-control",     "connection", "expect",     "from",
      "keep-alive",    "max-forwards",      "pragma",     "referer",    "te",
      "trailer",       "transfer-encoding", "upgrade",    "user-agent", "x-amzn-trace-id"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames) ||
         name.starts_with("proxy-") || name.starts_with("sec-");
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// CR/LF become spaces, runs of spaces and tabs one space, one leading and trailing space go.
std::string CanonicalValue(std::string_view value) {
  std::string out;
  bool in_space = false;
  for (char c : value) {
    const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (space) {
      if (!in_space) out.push_back(' ');
      in_space = true;
    } else {
      out.push_back(c);
      in_space = false;
    }
  }
  if (!out.empty() && out.front() == ' ') out.erase(0, 1);
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string CanonicalPath(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto segment = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  std::string normalized = path.starts_with('/') ? "/" : "";
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) normalized.push_back('/');
    normalized.append(segments[i]);
  }
  if (!segments.empty() && path.ends_with('/')) normalized.push_back('/');
  // Encoded as a whole (so "%" of an already encoded path becomes "%25"), slashes kept.
  std::string encoded;
  for (char c : normalized) {
    encoded += c == '/' ? std::string("/") : UriEncode(std::string_view(&c, 1));
  }
  return encoded;
}

std::string CanonicalQuery(std::string_view query) {
  std::vector<std::string> pairs;
  std::size_t start = 0;
  while (start < query.size()) {
    auto amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    const auto item = query.substr(start, amp - start);
    start = amp + 1;
    if (item.empty()) continue;
    const auto eq = item.find('=');
    const std::string key = PercentDecode(item.substr(0, eq));
    const std::string value =
        eq == std::string_view::npos ? std::string() : PercentDecode(item.substr(eq + 1));
    if (Lower(key) == "x-amz-signature") continue;
    pairs.push_back(UriEncode(key) + "=" + UriEncode(value));
  }
  // By encoded key, then by the whole pair (the SDK's order; "a=" < "a-b=" would not hold if
  // the pairs were sorted as plain strings).
  std::sort(pairs.begin(), pairs.end(), [](const std::string& a, const std::string& b) {
    const auto ka = std::string_view(a).substr(0, a.find('='));
    const auto kb = std::string_view(b).substr(0, b.find('='));
    if (ka != kb) return ka < kb;
    return a < b;
  });
  std::string out;
  for (const auto& pair : pairs) {
    if (!out.empty()) out.push_back('&');
    out += pair;
  }
  return out;
}

std::string FormatAmzDate(std::chrono::system_clock::time_point now) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(now);
  const auto day = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{seconds - day};
  char text[40];
  std::snprintf(text, sizeof(text), "%04d%02u%02uT%02d%02d%02dZ", int(date.year()),
                unsigned(date.month()), unsigned(date.day()), int(time.hours().count()),
                int(time.minutes().count()), int(time.seconds().count()));
  return text;
}

void SetHeader(std::vector<http::Header>& headers, std::string_view name, std::string value) {
  for (auto& header : headers) {
    if (Lower(header.name) == name) {
      header.value = std::move(value);
      return;
    }
  }
  headers.push_back({std::string(name), std::move(value)});
}

}  // namespace

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

std::string UriEncode(std::string_view text) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 15]);
    }
  }
  return out;
}

namespace {
std::string Digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), out, &size, md, nullptr) != 1) {
    throw std::runtime_error("digest failed");
  }
  return Hex(std::string_view(reinterpret_cast<const char*>(out), size));
}
}  // namespace

std::string Sha256Hex(std::string_view data) { return Digest(EVP_sha256(), data); }
std::string Md5Hex(std::string_view data) { return Digest(EVP_md5(), data); }

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
           &size) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<const char*>(out), size);
}

std::string CanonicalRequest(const http::HttpRequest& request, std::string* signed_headers) {
  std::map<std::string, std::string> headers;  // sorted by lower-case name
  headers["host"] = request.url.HostHeader();
  std::string payload_hash;
  for (const auto& header : request.headers) {
    std::string name = Lower(header.name);
    if (name == "x-amz-content-sha256") payload_hash = header.value;
    if (Unsignable(name)) continue;
    headers[std::move(name)] = CanonicalValue(header.value);
  }
  if (payload_hash.empty()) payload_hash = Sha256Hex(request.body);
  std::string names;
  std::string lines;
  for (const auto& [name, value] : headers) {
    if (!names.empty()) names.push_back(';');
    names += name;
    lines += name + ":" + value + "\n";
  }
  if (signed_headers != nullptr) *signed_headers = names;
  return request.method + "\n" + CanonicalPath(request.url.Path()) + "\n" +
         CanonicalQuery(request.url.Query()) + "\n" + lines + "\n" + names + "\n" + payload_hash;
}

void SignV4(http::HttpRequest& request, const AwsCredentials& credentials, SigningScope scope,
            std::chrono::system_clock::time_point now) {
  const std::string amz_date = FormatAmzDate(now);
  const std::string day = amz_date.substr(0, 8);
  SetHeader(request.headers, "x-amz-date", amz_date);
  if (!credentials.session_token.empty()) {
    SetHeader(request.headers, "x-amz-security-token", credentials.session_token);
  }
  std::string signed_headers;
  const std::string canonical = CanonicalRequest(request, &signed_headers);
  const std::string credential_scope =
      day + "/" + std::string(scope.region) + "/" + std::string(scope.service) + "/aws4_request";
  const std::string string_to_sign =
      "AWS4-HMAC-SHA256\n" + amz_date + "\n" + credential_scope + "\n" + Sha256Hex(canonical);
  std::string key = HmacSha256("AWS4" + credentials.secret_access_key, day);
  key = HmacSha256(key, scope.region);
  key = HmacSha256(key, scope.service);
  key = HmacSha256(key, "aws4_request");
  const std::string signature = Hex(HmacSha256(key, string_to_sign));
  SetHeader(request.headers, "authorization",
            "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + credential_scope +
                ", SignedHeaders=" + signed_headers + ", Signature=" + signature);
}

}  // namespace rampart::infrastructure::aws
