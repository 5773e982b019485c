#include "infrastructure/cache/redis/resp.hpp"

#include <hiredis.h>

#include <stdexcept>

namespace rampart::infrastructure::redis {
namespace {

RespValue Convert(const redisReply& reply) {
  RespValue value;
  switch (reply.type) {
    case REDIS_REPLY_STRING:
      value.type = RespValue::Type::kString;
      value.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_STATUS:
      value.type = RespValue::Type::kStatus;
      value.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_ERROR:
      value.type = RespValue::Type::kError;
      value.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_INTEGER:
      value.type = RespValue::Type::kInteger;
      value.integer = reply.integer;
      break;
    case REDIS_REPLY_ARRAY:
      value.type = RespValue::Type::kArray;
      value.elements.reserve(reply.elements);
      for (std::size_t i = 0; i < reply.elements; ++i) {
        value.elements.push_back(Convert(*reply.element[i]));
      }
      break;
    default:
      value.type = RespValue::Type::kNil;
  }
  return value;
}

}  // namespace

void AppendCommand(std::string& out, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const auto& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  char* command = nullptr;
  const int length =
      redisFormatCommandArgv(&command, static_cast<int>(args.size()), argv.data(), lengths.data());
  if (length < 0 || command == nullptr) throw std::bad_alloc();
  out.append(command, static_cast<std::size_t>(length));
  redisFreeCommand(command);
}

struct RespParser::Reader {
  redisReader* reader = redisReaderCreate();
  ~Reader() { redisReaderFree(reader); }
};

RespParser::RespParser() : reader_(std::make_unique<Reader>()) {
  if (reader_->reader == nullptr) throw std::bad_alloc();
}

RespParser::~RespParser() = default;

void RespParser::Feed(const char* data, std::size_t size) {
  if (redisReaderFeed(reader_->reader, data, size) != REDIS_OK) {
    throw std::runtime_error("redis: reply buffer error");
  }
}

std::optional<RespValue> RespParser::Next() {
  void* raw = nullptr;
  if (redisReaderGetReply(reader_->reader, &raw) != REDIS_OK) {
    throw std::runtime_error(std::string("redis: protocol error: ") + reader_->reader->errstr);
  }
  if (raw == nullptr) return std::nullopt;
  std::unique_ptr<redisReply, decltype(&freeReplyObject)> reply(static_cast<redisReply*>(raw),
                                                                &freeReplyObject);
  return Convert(*reply);
}

}  // namespace rampart::infrastructure::redis
