// The embedded queue passes the queue contract every queue adapter passes.
#include <unistd.h>

#include <filesystem>

#include "infrastructure/messaging/local/local_queue.hpp"
#include "infrastructure/security/sodium_secure_random.hpp"
#include "integration/messaging/queue_contract.hpp"

namespace rampart::infrastructure::messaging {
namespace {

// A queue in a directory of its own, removed with the queue.
class TemporaryLocalQueue final : public application::MessageQueue {
 public:
  TemporaryLocalQueue() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "rampart-queue-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
    queue_ = std::make_unique<LocalQueue>(
        dir_ / "queue.sqlite3", random_,
        LocalQueueOptions{.max_receives = integration::kContractMaxReceives});
  }
  ~TemporaryLocalQueue() override {
    queue_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string Publish(const application::OutgoingMessage& message) override {
    return queue_->Publish(message);
  }
  std::vector<application::ReceivedMessage> Receive(int max,
                                                    std::chrono::milliseconds visibility) override {
    return queue_->Receive(max, visibility);
  }
  bool Delete(std::string_view receipt) override { return queue_->Delete(receipt); }
  bool ExtendVisibility(std::string_view receipt, std::chrono::milliseconds timeout) override {
    return queue_->ExtendVisibility(receipt, timeout);
  }
  application::QueueStatus Status() override { return queue_->Status(); }

 private:
  std::filesystem::path dir_;
  SodiumSecureRandom random_;
  std::unique_ptr<LocalQueue> queue_;
};

std::shared_ptr<application::MessageQueue> MakeQueue() {
  return std::make_shared<TemporaryLocalQueue>();
}

}  // namespace
}  // namespace rampart::infrastructure::messaging

namespace rampart::integration {
INSTANTIATE_TEST_SUITE_P(Local, QueueContract,
                         ::testing::Values(ContractQueue{"local",
                                                         &infrastructure::messaging::MakeQueue}),
                         ContractQueueName);
}  // namespace rampart::integration
