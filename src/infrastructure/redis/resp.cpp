#include "infrastructure/redis/resp.hpp"

#include <hiredis.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace rampart::infrastructure::redis {
namespace {

// hiredis builds replies through these instead of its own redisReply objects: straight into a
// RespValue (one allocation for the reply, none per element beyond the value's own storage).
// An element of an array is the parent's elements[idx].
//
// An array's elements are added as they arrive, never sized from the count the server
// announced: "*2147483647\r\n" (14 bytes) once made us allocate 150 GB up front, a
// std::bad_alloc thrown through hiredis' C frames, and the process died (found by
// fuzz/resp_fuzzer.cpp). Growing an array moves its finished elements, never one hiredis is
// still filling: elements arrive in order, each complete before the next begins.
//
// The callbacks run inside hiredis (C): nothing may be thrown through it. A failure returns
// nullptr, which hiredis reports as an error reply the parser throws from Next().
RespValue* Slot(const redisReadTask* task) {
  if (task->parent == nullptr) return new RespValue();
  auto* parent = static_cast<RespValue*>(task->parent->obj);
  const auto index = static_cast<std::size_t>(task->idx);
  if (parent->elements.size() <= index) parent->elements.resize(index + 1);
  return &parent->elements[index];
}

void* CreateString(const redisReadTask* task, char* text, size_t length) noexcept try {
  RespValue* value = Slot(task);
  value->type = task->type == REDIS_REPLY_ERROR    ? RespValue::Type::kError
                : task->type == REDIS_REPLY_STATUS ? RespValue::Type::kStatus
                                                   : RespValue::Type::kString;
  value->text.assign(text, length);
  return value;
} catch (...) {
  return nullptr;
}

void* CreateArray(const redisReadTask* task, int elements) noexcept try {
  RespValue* value = Slot(task);
  value->type = RespValue::Type::kArray;
  // Room for what a reply of ours usually holds; more as the elements arrive.
  value->elements.reserve(static_cast<std::size_t>(std::clamp(elements, 0, 16)));
  return value;
} catch (...) {
  return nullptr;
}

void* CreateInteger(const redisReadTask* task, long long integer) noexcept try {
  RespValue* value = Slot(task);
  value->type = RespValue::Type::kInteger;
  value->integer = integer;
  return value;
} catch (...) {
  return nullptr;
}

void* CreateNil(const redisReadTask* task) noexcept try {
  RespValue* value = Slot(task);
  value->type = RespValue::Type::kNil;
  return value;
} catch (...) {
  return nullptr;
}

// Only ever called with a whole reply (hiredis frees the root object, never an element).
void FreeObject(void* reply) { delete static_cast<RespValue*>(reply); }

redisReplyObjectFunctions kRespValueFunctions = {CreateString, CreateArray, CreateInteger,
                                                 CreateNil, FreeObject};

}  // namespace

namespace {

// `kind` (`*` or `$`), the count in decimal, CRLF.
void AppendCount(std::string& out, char kind, std::size_t count) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, count).ptr;
  out.push_back(kind);
  out.append(digits, end);
  out.append("\r\n");
}

}  // namespace

// Written here rather than by redisFormatCommandArgv, which allocates two arrays and the result
// for every command: this appends straight into the caller's (reused) buffer.
void AppendCommand(std::string& out, const std::vector<std::string>& args) {
  AppendCount(out, '*', args.size());
  for (const auto& arg : args) {
    AppendCount(out, '$', arg.size());
    out.append(arg);
    out.append("\r\n");
  }
}

struct RespParser::Reader {
  redisReader* reader = redisReaderCreateWithFunctions(&kRespValueFunctions);
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
  std::unique_ptr<RespValue> reply(static_cast<RespValue*>(raw));
  return std::move(*reply);
}

}  // namespace rampart::infrastructure::redis
