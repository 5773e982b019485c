#pragma once
// The checksums SQS returns with every send and receive: MD5 of the body, and MD5 of the
// message attributes computed the way SQS defines it (attributes sorted by name; each as
// length-prefixed name, length-prefixed data type, a transport byte — 1 for String and Number,
// 2 for Binary — and the length-prefixed value; lengths 4-byte big-endian).
#include <string>
#include <vector>

namespace rampart::infrastructure::messaging {

struct SqsAttribute {
  std::string name;
  std::string data_type;  // "String", "Number", "Binary", or with a ".custom" suffix
  std::string value;      // the string, or the decoded bytes of a Binary value
};

std::string Md5OfBody(std::string_view body);
// Md5OfAttributes returns lower-case hex; the MD5 of nothing when `attributes` is empty (SQS then
// sends none).
std::string Md5OfAttributes(std::vector<SqsAttribute> attributes);

}  // namespace rampart::infrastructure::messaging
