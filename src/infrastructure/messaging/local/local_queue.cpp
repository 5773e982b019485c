#include "infrastructure/messaging/local/local_queue.hpp"

#include <boost/json.hpp>

#include "infrastructure/sqlite/connection.hpp"

namespace rampart::infrastructure::messaging {

namespace {

constexpr const char* kSchema = R"sql(
PRAGMA synchronous = FULL;
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id TEXT NOT NULL UNIQUE,
  group_id TEXT NOT NULL,
  dedup_id TEXT NOT NULL,
  body TEXT NOT NULL,
  sent_at_ms INTEGER NOT NULL,
  visible_at_ms INTEGER NOT NULL,
  receive_count INTEGER NOT NULL DEFAULT 0,
  receipt TEXT UNIQUE
);
CREATE INDEX IF NOT EXISTS messages_by_group ON messages (group_id, seq);
CREATE TABLE IF NOT EXISTS dedup (
  dedup_id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS dead_letters (
  seq INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL,
  group_id TEXT NOT NULL,
  dedup_id TEXT NOT NULL,
  body TEXT NOT NULL,
  sent_at_ms INTEGER NOT NULL,
  receive_count INTEGER NOT NULL,
  dead_at_ms INTEGER NOT NULL
);
)sql";

// BEGIN IMMEDIATE ... COMMIT, rolled back when an exception leaves the scope.
class Transaction {
 public:
  explicit Transaction(sqlite::Connection& db) : db_(db) { db_.ExecuteScript("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!committed_) {
      try {
        db_.ExecuteScript("ROLLBACK");
      } catch (...) {
        // The connection is unusable anyway; the transaction dies with it.
      }
    }
  }
  void Commit() {
    db_.ExecuteScript("COMMIT");
    committed_ = true;
  }

 private:
  sqlite::Connection& db_;
  bool committed_ = false;
};

// Attributes as a JSON object of strings ("" when there are none).
std::string EncodeAttributes(const application::MessageAttributes& attributes) {
  if (attributes.empty()) return {};
  boost::json::object object;
  for (const auto& [name, value] : attributes) object[name] = value;
  return boost::json::serialize(object);
}

application::MessageAttributes DecodeAttributes(const std::string& text) {
  application::MessageAttributes attributes;
  if (text.empty()) return attributes;
  boost::system::error_code error;
  const auto value = boost::json::parse(text, error);
  if (error || !value.is_object()) return attributes;
  for (const auto& [name, item] : value.get_object()) {
    if (item.is_string()) attributes.emplace(std::string(name), std::string(item.get_string()));
  }
  return attributes;
}

// The `type` attribute, else the "type" of a JSON body (mails and CloudEvents have one).
std::string TypeOf(const application::MessageAttributes& attributes, const std::string& body) {
  if (const auto found = attributes.find("type"); found != attributes.end()) return found->second;
  boost::system::error_code error;
  const auto value = boost::json::parse(body, error);
  if (error || !value.is_object()) return {};
  const auto* type = value.get_object().if_contains("type");
  return type != nullptr && type->is_string() ? std::string(type->get_string()) : std::string();
}

// Adds a column to a table of a queue file written by an earlier version.
void AddColumnIfMissing(sqlite::Connection& db, const char* table, const char* column,
                        const char* definition) {
  auto columns =
      db.Prepare(std::string("SELECT 1 FROM pragma_table_info('") + table + "') WHERE name = ?");
  columns.Bind(1, std::string_view(column));
  if (columns.Next()) return;
  db.ExecuteScript(std::string("ALTER TABLE ") + table + " ADD COLUMN " + column + " " +
                   definition);
}

}  // namespace

LocalQueue::LocalQueue(const std::filesystem::path& file, application::SecureRandom& random,
                       LocalQueueOptions options)
    : random_(random), options_(std::move(options)) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  db_ = std::make_unique<sqlite::Connection>(file, std::chrono::seconds(5));
  db_->ExecuteScript(kSchema);
  AddColumnIfMissing(*db_, "messages", "attributes", "TEXT NOT NULL DEFAULT ''");
  AddColumnIfMissing(*db_, "dead_letters", "attributes", "TEXT NOT NULL DEFAULT ''");
}

LocalQueue::~LocalQueue() = default;

long long LocalQueue::NowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(options_.now().time_since_epoch())
      .count();
}

std::string LocalQueue::Publish(const application::OutgoingMessage& message) {
  std::lock_guard lock(mutex_);
  const long long now = NowMs();
  Transaction transaction(*db_);
  db_->Prepare("DELETE FROM dedup WHERE at_ms <= ?")
      .Bind(1, now - options_.deduplication_window.count())
      .Execute();
  {
    auto known = db_->Prepare("SELECT message_id FROM dedup WHERE dedup_id = ?");
    known.Bind(1, message.deduplication_id);
    if (known.Next()) return known.Text(0);  // a duplicate: accepted, not enqueued again
  }
  ApplyRetention(now);
  const std::string message_id = random_.NewUuid();
  db_->Prepare(
         "INSERT INTO messages (message_id, group_id, dedup_id, body, sent_at_ms, visible_at_ms, "
         "attributes) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .Bind(1, message_id)
      .Bind(2, message.group_id)
      .Bind(3, message.deduplication_id)
      .Bind(4, message.body)
      .Bind(5, now)
      .Bind(6, now)
      .Bind(7, EncodeAttributes(message.attributes))
      .Execute();
  db_->Prepare("INSERT INTO dedup (dedup_id, message_id, at_ms) VALUES (?, ?, ?)")
      .Bind(1, message.deduplication_id)
      .Bind(2, message_id)
      .Bind(3, now)
      .Execute();
  transaction.Commit();
  return message_id;
}

std::vector<application::ReceivedMessage> LocalQueue::Receive(
    int max_messages, std::chrono::milliseconds visibility_timeout) {
  std::lock_guard lock(mutex_);
  const long long now = NowMs();
  struct Head {
    long long seq;
    application::ReceivedMessage message;
  };
  std::vector<Head> heads;
  Transaction transaction(*db_);
  {
    // The head of each group, when it is visible: a group whose head is in flight is blocked.
    auto query = db_->Prepare(
        "SELECT seq, message_id, group_id, dedup_id, body, sent_at_ms, receive_count, attributes "
        "FROM messages m WHERE visible_at_ms <= ? AND NOT EXISTS "
        "(SELECT 1 FROM messages o WHERE o.group_id = m.group_id AND o.seq < m.seq) "
        "ORDER BY seq LIMIT ?");
    query.Bind(1, now).Bind(2, max_messages);
    while (query.Next()) {
      heads.push_back({query.Int(0),
                       {.message_id = query.Text(1),
                        .group_id = query.Text(2),
                        .deduplication_id = query.Text(3),
                        .body = query.Text(4),
                        .attributes = DecodeAttributes(query.Text(7)),
                        .receive_count = static_cast<int>(query.Int(6)),
                        .sent_at = std::chrono::time_point_cast<std::chrono::seconds>(
                            std::chrono::sys_time<std::chrono::milliseconds>(
                                std::chrono::milliseconds(query.Int(5))))}});
    }
  }
  std::vector<application::ReceivedMessage> received;
  for (auto& head : heads) {
    if (head.message.receive_count >= options_.max_receives) {
      db_->Prepare(
             "INSERT INTO dead_letters (seq, message_id, group_id, dedup_id, body, sent_at_ms, "
             "receive_count, dead_at_ms, attributes) SELECT seq, message_id, group_id, dedup_id, "
             "body, sent_at_ms, receive_count, ?, attributes FROM messages WHERE seq = ?")
          .Bind(1, now)
          .Bind(2, head.seq)
          .Execute();
      db_->Prepare("DELETE FROM messages WHERE seq = ?").Bind(1, head.seq).Execute();
      continue;
    }
    head.message.receive_count += 1;
    head.message.receipt_handle = random_.NewOpaqueToken();
    db_->Prepare(
           "UPDATE messages SET receive_count = ?, visible_at_ms = ?, receipt = ? WHERE seq = ?")
        .Bind(1, head.message.receive_count)
        .Bind(2, now + visibility_timeout.count())
        .Bind(3, head.message.receipt_handle)
        .Bind(4, head.seq)
        .Execute();
    received.push_back(std::move(head.message));
  }
  transaction.Commit();
  return received;
}

bool LocalQueue::Delete(std::string_view receipt_handle) {
  std::lock_guard lock(mutex_);
  Transaction transaction(*db_);
  const int deleted =
      db_->Prepare("DELETE FROM messages WHERE receipt = ?").Bind(1, receipt_handle).Execute();
  transaction.Commit();
  return deleted > 0;
}

bool LocalQueue::ExtendVisibility(std::string_view receipt_handle,
                                  std::chrono::milliseconds visibility_timeout) {
  std::lock_guard lock(mutex_);
  Transaction transaction(*db_);
  const int changed = db_->Prepare("UPDATE messages SET visible_at_ms = ? WHERE receipt = ?")
                          .Bind(1, NowMs() + visibility_timeout.count())
                          .Bind(2, receipt_handle)
                          .Execute();
  transaction.Commit();
  return changed > 0;
}

application::QueueStatus LocalQueue::Status() {
  std::lock_guard lock(mutex_);
  application::QueueStatus status{
      .kind = "local", .max_receives = options_.max_receives, .dead_letter_queue = "dead_letters"};
  auto counts = db_->Prepare(
      "SELECT count(*) FILTER (WHERE visible_at_ms <= ?), "
      "count(*) FILTER (WHERE visible_at_ms > ?), "
      "(SELECT count(*) FROM dead_letters) FROM messages");
  const long long now = NowMs();
  counts.Bind(1, now).Bind(2, now);
  counts.Next();
  status.visible = counts.Int(0);
  status.in_flight = counts.Int(1);
  status.dead_letters = counts.Int(2);
  return status;
}

void LocalQueue::ApplyRetention(long long now_ms) {
  if (options_.retention.count() <= 0 || now_ms - retention_checked_ms_ < 60'000) return;
  retention_checked_ms_ = now_ms;
  const long long bound = now_ms - options_.retention.count();
  db_->Prepare("DELETE FROM messages WHERE sent_at_ms < ?").Bind(1, bound).Execute();
  db_->Prepare("DELETE FROM dead_letters WHERE dead_at_ms < ?").Bind(1, bound).Execute();
}

std::vector<application::DeadLetterSummary> LocalQueue::ListDeadLetters(int limit) {
  std::lock_guard lock(mutex_);
  std::vector<application::DeadLetterSummary> letters;
  auto query = db_->Prepare(
      "SELECT message_id, group_id, receive_count, sent_at_ms, attributes, length(CAST(body AS "
      "BLOB)), body FROM dead_letters ORDER BY seq LIMIT ?");
  query.Bind(1, limit);
  while (query.Next()) {
    letters.push_back({.message_id = query.Text(0),
                       .group_id = query.Text(1),
                       .type = TypeOf(DecodeAttributes(query.Text(4)), query.Text(6)),
                       .receive_count = static_cast<int>(query.Int(2)),
                       .sent_at = std::chrono::time_point_cast<std::chrono::seconds>(
                           std::chrono::sys_time<std::chrono::milliseconds>(
                               std::chrono::milliseconds(query.Int(3)))),
                       .body_bytes = static_cast<std::size_t>(query.Int(5))});
  }
  return letters;
}

application::RedriveOutcome LocalQueue::RedriveDeadLetters(int limit) {
  std::lock_guard lock(mutex_);
  const long long now = NowMs();
  Transaction transaction(*db_);
  std::vector<long long> seqs;
  {
    auto oldest = db_->Prepare("SELECT seq FROM dead_letters ORDER BY seq LIMIT ?");
    oldest.Bind(1, limit);
    while (oldest.Next()) seqs.push_back(oldest.Int(0));
  }
  for (const auto seq : seqs) {
    // At the end of the queue (its group's order is what it is now), visible at once, with a
    // fresh receive count; the same message id, so a failure recorded for it still matches.
    db_->Prepare(
           "INSERT INTO messages (message_id, group_id, dedup_id, body, sent_at_ms, "
           "visible_at_ms, attributes) SELECT message_id, group_id, dedup_id, body, sent_at_ms, "
           "?, attributes FROM dead_letters WHERE seq = ?")
        .Bind(1, now)
        .Bind(2, seq)
        .Execute();
    db_->Prepare("DELETE FROM dead_letters WHERE seq = ?").Bind(1, seq).Execute();
  }
  transaction.Commit();
  return {.moved = static_cast<long long>(seqs.size()), .method = "local"};
}

long long LocalQueue::Depth() {
  std::lock_guard lock(mutex_);
  auto query = db_->Prepare("SELECT count(*) FROM messages");
  query.Next();
  return query.Int(0);
}

long long LocalQueue::DeadLetterCount() {
  std::lock_guard lock(mutex_);
  auto query = db_->Prepare("SELECT count(*) FROM dead_letters");
  query.Next();
  return query.Int(0);
}

std::vector<DeadLetter> LocalQueue::DeadLetters() {
  std::lock_guard lock(mutex_);
  std::vector<DeadLetter> letters;
  auto query = db_->Prepare(
      "SELECT message_id, group_id, body, receive_count FROM dead_letters ORDER BY seq");
  while (query.Next()) {
    letters.push_back({.message_id = query.Text(0),
                       .group_id = query.Text(1),
                       .body = query.Text(2),
                       .receive_count = static_cast<int>(query.Int(3))});
  }
  return letters;
}

}  // namespace rampart::infrastructure::messaging
