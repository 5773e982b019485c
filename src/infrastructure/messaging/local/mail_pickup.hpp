#pragma once
// The embedded default's mail consumer: reads mail messages from the queue and writes each as
// an RFC 5322 `.eml` file into a pickup directory (`<data dir>/mail/`), named by the mail's
// id, so a message delivered twice still leaves one file (idempotent consumer, also through the
// inbox when it has a ledger, which keeps a mail whose file was collected from coming back). A
// message it
// cannot read stays on the queue and reaches the dead-letter queue after the maximum receives.
#include <chrono>
#include <filesystem>
#include <string>

#include "application/messaging/message_ledger.hpp"
#include "application/ports/message_queue.hpp"

namespace rampart::infrastructure::messaging {

struct MailPickupOptions {
  std::filesystem::path directory;
  std::string from;  // the From header, e.g. "rampart <no-reply@localhost>"
  std::chrono::milliseconds visibility_timeout = std::chrono::seconds(30);
  int batch = 10;
  // The inbox and the failure record (consumer `mail.pickup`); null: the file name alone keeps
  // a mail from being written twice.
  application::MessageLedger* ledger = nullptr;
};

class MailPickup {
 public:
  MailPickup(application::MessageQueue& queue, MailPickupOptions options);

  struct Outcome {
    int written = 0;     // new .eml files
    int duplicates = 0;  // already written before (deleted from the queue all the same)
    int unreadable = 0;  // left on the queue
    int Received() const { return written + duplicates + unreadable; }
  };
  // PollOnce: one receive (at most `batch` messages) and the handling of what it returned.
  Outcome PollOnce();

 private:
  application::MessageQueue& queue_;
  MailPickupOptions options_;
};

}  // namespace rampart::infrastructure::messaging
