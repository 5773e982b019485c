#pragma once
// AWS Signature Version 4 for requests sent with the Authorization header (no presigned URLs,
// no chunked payloads), computed the way the AWS SDKs' signer (@smithy/signature-v4) does:
// path segments normalised and URI-encoded twice, query parameters decoded, encoded and
// sorted, header values trimmed with inner whitespace collapsed, the payload's SHA-256 signed.
// tests/aws/sigv4_compare.mjs compares it with that signer on generated requests.
#include <chrono>
#include <string>
#include <string_view>

#include "infrastructure/aws/credentials.hpp"
#include "infrastructure/http/http_types.hpp"

namespace rampart::infrastructure::aws {

struct SigningScope {
  std::string_view region;   // "eu-west-1"
  std::string_view service;  // the signing name: "sqs", "secretsmanager"
};

// SignV4 adds X-Amz-Date, X-Amz-Security-Token (temporary credentials) and Authorization to
// `request`, signing every header it has (but the ones the SDKs never sign, e.g. User-Agent)
// and the Host header the client will send.
void SignV4(http::HttpRequest& request, const AwsCredentials& credentials, SigningScope scope,
            std::chrono::system_clock::time_point now);

// CanonicalRequest returns the canonical request of an already dated request (for tests and
// diagnostics).
std::string CanonicalRequest(const http::HttpRequest& request, std::string* signed_headers);

// Sha256Hex returns lower-case hex of SHA-256, HMAC-SHA256 and MD5 (SQS message checksums).
std::string Sha256Hex(std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);  // raw bytes
std::string Md5Hex(std::string_view data);
std::string Hex(std::string_view bytes);

// UriEncode: RFC 3986 encoding of everything but unreserved characters (encodeURIComponent plus
// !'()*).
std::string UriEncode(std::string_view text);

}  // namespace rampart::infrastructure::aws
