#include "infrastructure/messaging/sqs/sqs_md5.hpp"

#include <algorithm>
#include <cstdint>

#include "infrastructure/aws/sigv4.hpp"

namespace rampart::infrastructure::messaging {

namespace {
void AppendLengthPrefixed(std::string& out, std::string_view bytes) {
  const auto size = static_cast<std::uint32_t>(bytes.size());
  out.push_back(static_cast<char>((size >> 24) & 0xff));
  out.push_back(static_cast<char>((size >> 16) & 0xff));
  out.push_back(static_cast<char>((size >> 8) & 0xff));
  out.push_back(static_cast<char>(size & 0xff));
  out.append(bytes);
}
}  // namespace

std::string Md5OfBody(std::string_view body) { return aws::Md5Hex(body); }

std::string Md5OfAttributes(std::vector<SqsAttribute> attributes) {
  std::sort(attributes.begin(), attributes.end(),
            [](const SqsAttribute& a, const SqsAttribute& b) { return a.name < b.name; });
  std::string buffer;
  for (const auto& attribute : attributes) {
    AppendLengthPrefixed(buffer, attribute.name);
    AppendLengthPrefixed(buffer, attribute.data_type);
    buffer.push_back(attribute.data_type.starts_with("Binary") ? 2 : 1);
    AppendLengthPrefixed(buffer, attribute.value);
  }
  return aws::Md5Hex(buffer);
}

}  // namespace rampart::infrastructure::messaging
