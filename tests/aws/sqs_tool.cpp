// rampart's SQS adapter as a command, for tests/aws/sqs_interop.test.mjs: the AWS SDK reads what
// this publishes and this receives what the SDK sent. Credentials, region and endpoint come from
// the environment as in `rampart serve` (AWS_ACCESS_KEY_ID, AWS_REGION, the queue URL's host).
//
//   sqs_tool publish QUEUE_URL COUNT   PublishBatch of COUNT messages (group "interop",
//                                      deduplication ids "rampart-<i>", attributes type and n);
//                                      prints each message id
//   sqs_tool receive QUEUE_URL COUNT   receives (and deletes) until COUNT messages came or a
//                                      receive is empty; prints one JSON object per message
// rampart:begin(sqlite)
//   sqs_tool relay QUEUE_URL COUNT DIR the outbox relay (bench/outbox_sqs.mjs): COUNT events of
//                                      distinct aggregates in a SQLite outbox in DIR, published
//                                      by OutboxDispatcher; prints {count, seconds, cpuSeconds}
//                                      of the relay alone (not the filling)
// rampart:else
// //   sqs_tool relay QUEUE_URL COUNT DATABASE_URL
// //                                      the outbox relay (bench/outbox_sqs.mjs): COUNT events of
// //                                      distinct aggregates in the outbox of the PostgreSQL
// //                                      database at DATABASE_URL (migrated first), published by
// //                                      OutboxDispatcher; prints {count, seconds, cpuSeconds} of
// //                                      the relay alone (not the filling)
// rampart:end
#include <sys/resource.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include "application/messaging/outbox_dispatcher.hpp"
#include "infrastructure/aws/aws_json_client.hpp"
#include "infrastructure/aws/credential_sources.hpp"
#include "infrastructure/http/http_client.hpp"
#include "infrastructure/messaging/sqs/sqs_queue.hpp"
// rampart:begin(sqlite)
#include "infrastructure/persistence/sqlite/sqlite_database.hpp"
#include "infrastructure/persistence/sqlite/sqlite_unit_of_work_factory.hpp"
// rampart:else
// #include "infrastructure/persistence/postgres/pg_database.hpp"
// rampart:end

using namespace rampart::infrastructure;
namespace json = boost::json;

namespace {

class WallClock final : public rampart::application::Clock {
 public:
  rampart::domain::TimePoint Now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// rampart:begin(sqlite)
// Fills a SQLite outbox in `where` (a directory) with `count` events of distinct aggregates and
// times the relay that publishes them to `queue`.
// rampart:else
// // Fills the outbox of the PostgreSQL database at `where` (a URL) with `count` events of distinct
// // aggregates and times the relay that publishes them to `queue`.
// rampart:end
int Relay(rampart::application::MessageQueue& queue, int count, const std::string& where) {
  using namespace rampart;
  // rampart:begin(sqlite)
  auto database = std::make_shared<sqlite::SqliteDatabase>(
      sqlite::SqliteOptions{.path = std::filesystem::path(where) / "bench.db", .pool_size = 2});
  database->Migrate();
  sqlite::SqliteUnitOfWorkFactory factory(database);
  // rampart:else
  // postgres::PgOptions options;
  // options.pool.connect.url = where;
  // options.pool.max_size = 2;
  // postgres::PgDatabase factory(options);
  // factory.Migrate();
  // rampart:end
  WallClock clock;
  const auto now = clock.Now();
  for (int start = 0; start < count; start += 1000) {
    auto uow = factory.Begin(application::TransactionMode::kWrite);
    for (int i = start; i < std::min(count, start + 1000); ++i) {
      const std::string id = "bench-" + std::to_string(i);
      uow->Outbox().Append(
          {.id = id,
           .aggregate_id = "user-" + std::to_string(i),
           .type = "rampart.user.updated",
           .payload = json::serialize(json::object{{"specversion", "1.0"},
                                                   {"id", id},
                                                   {"type", "rampart.user.updated"},
                                                   {"data", json::object{{"n", i}}}}),
           .created_at = now,
           .stream = std::string(application::kEventsStream)});
    }
    uow->Commit();
  }
  application::OutboxDispatcher relay(factory, queue, clock,
                                      {.stream = std::string(application::kEventsStream)});
  const double cpu_before = CpuSeconds();
  const auto started = std::chrono::steady_clock::now();
  int published = 0;
  while (published < count) {
    const auto pass = relay.DispatchOnce();
    if (pass.failed > 0) {
      std::cerr << "publish failures: " << pass.failed << "\n";
      return 1;
    }
    published += pass.published;
  }
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - started;
  std::cout << json::serialize(json::object{{"count", published},
                                            {"seconds", wall.count()},
                                            {"cpuSeconds", CpuSeconds() - cpu_before}})
            << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && !(argc == 5 && std::string(argv[1]) == "relay")) {
    // rampart:begin(sqlite)
    std::cerr << "usage: sqs_tool publish|receive QUEUE_URL COUNT | relay QUEUE_URL COUNT DIR\n";
    // rampart:else
    // std::cerr << "usage: sqs_tool publish|receive QUEUE_URL COUNT"
    //              " | relay QUEUE_URL COUNT DATABASE_URL\n";
    // rampart:end
    return 2;
  }
  const std::string command = argv[1];
  const std::string queue_url = argv[2];
  const int count = std::atoi(argv[3]);
  const char* region = std::getenv("AWS_REGION");
  const auto url = http::ParseUrl(queue_url);
  if (region == nullptr || !url) {
    std::cerr << "need AWS_REGION and an http(s) queue URL\n";
    return 2;
  }
  http::HttpClient client;
  http::Dependency sqs("sqs", {.max_attempts = 2}, client);
  http::Dependency metadata("aws_auth", {}, client);
  auto credentials = aws::DefaultCredentialChain(aws::AwsEnvironmentFromProcess(), metadata);
  if (!credentials) {
    std::cerr << credentials.error() << "\n";
    return 1;
  }
  http::Url endpoint = *url;
  endpoint.target = "/";
  aws::AwsJsonClient aws({.name = "SQS",
                          .signing_name = "sqs",
                          .target_prefix = "AmazonSQS",
                          .json_version = "1.0",
                          .region = region,
                          .endpoint = endpoint},
                         sqs, **credentials);
  messaging::SqsQueue queue({.queue_url = queue_url, .wait_time = std::chrono::seconds(1)}, aws);
  try {
    if (command == "relay") return Relay(queue, count, argv[4]);
    if (command == "publish") {
      std::vector<rampart::application::OutgoingMessage> messages;
      for (int i = 0; i < count; ++i) {
        messages.push_back({.group_id = "interop",
                            .deduplication_id = "rampart-" + std::to_string(i),
                            .body = json::serialize(
                                json::object{{"n", i}, {"text", "héllo ✓ " + std::to_string(i)}}),
                            .attributes = {{"type", "interop"}, {"n", std::to_string(i)}}});
      }
      int failed = 0;
      for (const auto& outcome : queue.PublishBatch(messages)) {
        if (outcome.Published()) {
          std::cout << outcome.message_id << "\n";
        } else {
          std::cerr << outcome.error << "\n";
          ++failed;
        }
      }
      return failed == 0 ? 0 : 1;
    }
    if (command == "receive") {
      int received = 0;
      while (received < count) {
        const auto batch = queue.Receive(10, std::chrono::seconds(30));
        if (batch.empty()) break;
        for (const auto& message : batch) {
          json::object attributes;
          for (const auto& [name, value] : message.attributes) attributes[name] = value;
          std::cout << json::serialize(json::object{{"body", message.body},
                                                    {"attributes", attributes},
                                                    {"group", message.group_id},
                                                    {"deduplication", message.deduplication_id},
                                                    {"receiveCount", message.receive_count}})
                    << "\n";
          if (!queue.Delete(message.receipt_handle)) std::cerr << "delete refused\n";
          ++received;
        }
      }
      return 0;
    }
  } catch (const std::exception& error) {
    std::cerr << error.what() << "\n";
    return 1;
  }
  std::cerr << "unknown command " << command << "\n";
  return 2;
}
