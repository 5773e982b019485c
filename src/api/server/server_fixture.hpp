#pragma once
// The fixture of the server tests: a router with a few endpoints (inline, worker, throwing,
// blocking, slow), and a real server started per test with the options it needs.
#include <gtest/gtest.h>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include "api/server/server_test_support.hpp"
#include "common/log.hpp"

namespace rampart::api::testing_support {

namespace json = boost::json;
using namespace std::chrono_literals;

// NoTokens is a TokenService that issues nothing and refuses every token.
class NoTokens : public application::TokenService {
 public:
  application::IssuedAccessToken Issue(const application::AccessClaims&) override { return {}; }
  domain::Result<application::AccessClaims> Verify(std::string_view) const override {
    return domain::Fail(domain::Error::Unauthorized("no tokens here"));
  }
};

// Gate holds /block handlers until opened.
class Gate {
 public:
  void Wait() {
    std::unique_lock lock(mutex_);
    ++entered_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
  }
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  bool WaitEntered(int count, std::chrono::milliseconds within = 3s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, within, [&] { return entered_ >= count; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int entered_ = 0;
  bool open_ = false;
};

// ServerFixture holds the test router and, after Start(), a real server on a free port.
class ServerFixture : public testing::Test {
 protected:
  ServerFixture() {
    log::Configure({.level = "off"});
    router_.Add({.method = Method::kGet,
                 .route = "/hello",
                 .execution = Execution::kInline,
                 .handler = [](Request&) { return Response::Json(200, R"({"hello":"world"})"); }});
    const Handler echo = [](Request& request) {
      json::object body{{"word", request.PathParam("word")},
                        {"q", request.QueryParam("q").value_or("")},
                        {"ip", request.client_ip},
                        {"body", request.body}};
      return Response::Json(200, json::serialize(body));
    };
    router_.Add({.method = Method::kGet, .route = "/echo/{word}", .handler = echo});
    router_.Add({.method = Method::kPost, .route = "/echo/{word}", .handler = echo});
    router_.Add({.method = Method::kGet, .route = "/boom", .handler = [](Request&) -> Response {
                   throw std::runtime_error("kaboom");
                 }});
    router_.Add({.method = Method::kGet, .route = "/block", .handler = [this](Request&) {
                   gate_.Wait();
                   return Response::Json(200, R"({"blocked":false})");
                 }});
    router_.Add({.method = Method::kGet, .route = "/slow", .handler = [](Request&) {
                   std::this_thread::sleep_for(200ms);
                   return Response::Json(200, R"({"slow":true})");
                 }});
    router_.Add({.method = Method::kGet,
                 .route = "/items/{id}",
                 .execution = Execution::kInline,
                 .handler = [](Request&) { return Response::Json(200, "{}"); }});
    router_.Add({.method = Method::kDelete,
                 .route = "/items/{id}",
                 .execution = Execution::kInline,
                 .handler = [](Request&) { return Response::NoContent(); }});
  }
  ~ServerFixture() override {
    gate_.Open();
    server_.reset();
    if (pool_) pool_->Stop();
  }

  void Start(ServerOptions options = {}, std::size_t workers = 2, std::size_t queue = 16) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.io_threads = 2;
    if (options.read_timeout == ServerOptions{}.read_timeout) options.read_timeout = 300ms;
    pool_ = std::make_unique<WorkerPool>(workers, queue);
    server_ = std::make_unique<RunningServer>(options, DefaultMiddleware(router_, tokens_), *pool_);
  }
  std::uint16_t Port() const { return server_->Port(); }

  static json::object Json(const testing_support::HttpResponse& response) {
    return json::parse(response.body()).as_object();
  }

  Router router_;
  NoTokens tokens_;
  Gate gate_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<RunningServer> server_;
};

}  // namespace rampart::api::testing_support
