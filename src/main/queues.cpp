#include "main/queues.hpp"

#include "infrastructure/messaging/local/local_queue.hpp"
#include "main/outbound.hpp"  // rampart:only(sqs)

namespace rampart {

namespace {

// Four days (a hosted queue's usual default). The events queue has no consumer in the process,
// so without a retention the file would grow for ever.
constexpr auto kRetention = std::chrono::hours(24 * 4);

std::unique_ptr<QueueHandle> OpenEmbedded(const config::Settings& settings,
                                          application::SecureRandom& random,
                                          std::string_view name, const char* file) {
  const std::filesystem::path path = settings.data_dir / file;
  auto queue = std::make_unique<infrastructure::messaging::LocalQueue>(
      path, random,
      infrastructure::messaging::LocalQueueOptions{.max_receives = settings.queue_max_receives,
                                                   .retention = kRetention});
  return std::make_unique<QueueHandle>(std::string(name), std::move(queue));
}

// rampart:begin(sqs)
std::unique_ptr<QueueHandle> Open(const config::Settings& settings,
                                  application::SecureRandom& random, std::string_view name,
                                  const std::string& url, std::string_view setting,
                                  const char* file, std::unique_ptr<AwsContext>& aws) {
  if (url.empty()) return OpenEmbedded(settings, random, name, file);
  if (!aws) aws = std::make_unique<AwsContext>(settings);
  return std::make_unique<QueueHandle>(std::string(name), MakeSqsQueue(*aws, url, setting));
}
// rampart:end

}  // namespace

QueueHandle::QueueHandle(std::string name, std::unique_ptr<application::MessageQueue> local)
    : name_(std::move(name)), local_(std::move(local)), queue_(local_.get()) {}

// rampart:begin(sqs)
QueueHandle::QueueHandle(std::string name, std::unique_ptr<SqsQueueStack> sqs)
    : name_(std::move(name)), sqs_(std::move(sqs)), queue_(&sqs_->Queue()) {}
// rampart:end

QueueHandle::~QueueHandle() = default;
QueueHandle::QueueHandle(QueueHandle&&) noexcept = default;

// rampart:begin(sqs)
std::string QueueHandle::BreakerState() const { return sqs_ ? sqs_->BreakerState() : ""; }

Queues::Queues(const config::Settings& settings, application::SecureRandom& random) {
  mail_ = Open(settings, random, kMailQueue, settings.queue_url, "queue.url (RAMPART_QUEUE_URL)",
               "queue.sqlite3", aws_);
  events_ = Open(settings, random, kEventsQueue, settings.events_queue_url,
                 "events.queue_url (RAMPART_EVENTS_QUEUE_URL)", "events.sqlite3", aws_);
}
// rampart:else
// std::string QueueHandle::BreakerState() const { return ""; }
//
// Queues::Queues(const config::Settings& settings, application::SecureRandom& random) {
//   mail_ = OpenEmbedded(settings, random, kMailQueue, "queue.sqlite3");
//   events_ = OpenEmbedded(settings, random, kEventsQueue, "events.sqlite3");
// }
// rampart:end

Queues::~Queues() = default;

QueueHandle* Queues::Find(std::string_view name) {
  if (name == kMailQueue) return mail_.get();
  if (name == kEventsQueue) return events_.get();
  return nullptr;
}

}  // namespace rampart
