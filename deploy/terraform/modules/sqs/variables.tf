variable "name" {
  description = "Prefix of every queue name, e.g. rampart-prod."
  type        = string
}

variable "queues" {
  description = <<-EOT
    The queues, by short name (mail, events). Each gets a dead-letter queue of the same kind and
    a redrive policy: a message received max_receive_count times without being deleted moves to
    the DLQ. fifo = true makes a FIFO queue (.fifo; per-group order, deduplication by id).
  EOT
  type = map(object({
    fifo                       = bool
    max_receive_count          = number
    visibility_timeout_seconds = number
    retention_seconds          = number
    dlq_retention_seconds      = number
  }))
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the messages at rest."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
