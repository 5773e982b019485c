// Signs requests read from stdin (one JSON object per line) with rampart's SigV4 and prints one
// JSON object per line with the headers it added. tests/aws/sigv4_compare.mjs feeds it
// generated requests and compares the result with the AWS SDK's signer.
//
// In:  {"method","url","headers":[[name,value]...],"body","accessKeyId","secretAccessKey",
//       "sessionToken","region","service","time": <unix seconds>}
// Out: {"authorization","amzDate","securityToken","canonical"}
#include <boost/json.hpp>
#include <iostream>
#include <string>

#include "infrastructure/aws/sigv4.hpp"

namespace json = boost::json;
using namespace rampart::infrastructure;

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    const json::object in = json::parse(line).as_object();
    http::HttpRequest request;
    request.method = json::value_to<std::string>(in.at("method"));
    const auto url = http::ParseUrl(json::value_to<std::string>(in.at("url")));
    if (!url) {
      std::cout << R"({"error":"bad url"})" << std::endl;
      continue;
    }
    request.url = *url;
    for (const auto& header : in.at("headers").as_array()) {
      request.headers.push_back({json::value_to<std::string>(header.as_array().at(0)),
                                 json::value_to<std::string>(header.as_array().at(1))});
    }
    request.body = json::value_to<std::string>(in.at("body"));
    const aws::AwsCredentials credentials{
        .access_key_id = json::value_to<std::string>(in.at("accessKeyId")),
        .secret_access_key = json::value_to<std::string>(in.at("secretAccessKey")),
        .session_token = json::value_to<std::string>(in.at("sessionToken"))};
    const std::string region = json::value_to<std::string>(in.at("region"));
    const std::string service = json::value_to<std::string>(in.at("service"));
    const auto time =
        std::chrono::system_clock::time_point(std::chrono::seconds(in.at("time").as_int64()));
    aws::SignV4(request, credentials, {region, service}, time);
    json::object out;
    out["authorization"] = std::string(http::FindHeader(request.headers, "authorization"));
    out["amzDate"] = std::string(http::FindHeader(request.headers, "x-amz-date"));
    out["securityToken"] = std::string(http::FindHeader(request.headers, "x-amz-security-token"));
    out["canonical"] = aws::CanonicalRequest(request, nullptr);
    std::cout << json::serialize(out) << std::endl;
  }
  return 0;
}
