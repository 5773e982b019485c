#include "main/queues.hpp"

#include "infrastructure/messaging/local/local_queue.hpp"
#include "main/outbound.hpp"

namespace rampart {

namespace {

// SQS's default retention: the embedded queues keep messages as long. The events queue has no
// consumer in the process, so without it the file would grow for ever.
constexpr auto kRetention = std::chrono::hours(24 * 4);

std::unique_ptr<QueueHandle> Open(const config::Settings& settings,
                                  application::SecureRandom& random, std::string_view name,
                                  const std::string& url, std::string_view setting,
                                  const char* file, std::unique_ptr<AwsContext>& aws) {
  if (url.empty()) {
    return std::make_unique<QueueHandle>(
        std::string(name),
        std::make_unique<infrastructure::messaging::LocalQueue>(
            settings.data_dir / file, random,
            infrastructure::messaging::LocalQueueOptions{
                .max_receives = settings.queue_max_receives, .retention = kRetention}));
  }
  if (!aws) aws = std::make_unique<AwsContext>(settings);
  return std::make_unique<QueueHandle>(std::string(name), MakeSqsQueue(*aws, url, setting));
}

}  // namespace

QueueHandle::QueueHandle(std::string name, std::unique_ptr<application::MessageQueue> local)
    : name_(std::move(name)), local_(std::move(local)), queue_(local_.get()) {}

QueueHandle::QueueHandle(std::string name, std::unique_ptr<SqsQueueStack> sqs)
    : name_(std::move(name)), sqs_(std::move(sqs)), queue_(&sqs_->Queue()) {}

QueueHandle::~QueueHandle() = default;
QueueHandle::QueueHandle(QueueHandle&&) noexcept = default;

std::string QueueHandle::BreakerState() const { return sqs_ ? sqs_->BreakerState() : ""; }

Queues::Queues(const config::Settings& settings, application::SecureRandom& random) {
  mail_ = Open(settings, random, kMailQueue, settings.queue_url, "queue.url (RAMPART_QUEUE_URL)",
               "queue.sqlite3", aws_);
  events_ = Open(settings, random, kEventsQueue, settings.events_queue_url,
                 "events.queue_url (RAMPART_EVENTS_QUEUE_URL)", "events.sqlite3", aws_);
}

Queues::~Queues() = default;

QueueHandle* Queues::Find(std::string_view name) {
  if (name == kMailQueue) return mail_.get();
  if (name == kEventsQueue) return events_.get();
  return nullptr;
}

}  // namespace rampart
