variable "name" {
  description = "Prefix of every name, e.g. rampart-prod."
  type        = string
}

variable "ecr_repository_arn" {
  description = "The image repository (possibly in the tooling account) the execution role pulls from."
  type        = string
}

variable "log_group_arn" {
  description = "Log group the tasks write to."
  type        = string
}

variable "kms_key_arn" {
  description = "The service's KMS key (secrets and queues)."
  type        = string
}

variable "injected_secret_arns" {
  description = "Secrets the ECS agent injects into the containers (read by the execution role only)."
  type        = list(string)
}

# rampart:begin(iam)
variable "keys_secret_arn" {
  description = "The signing-keys secret (RAMPART_JWT_KEYS_SECRET): the task role reads it, the keys role also writes it."
  type        = string
}

variable "enable_key_rotation_schedule" {
  description = "Create the role EventBridge Scheduler uses to run the one-off `rampart keys rotate` task on a schedule."
  type        = bool
  default     = false
}
# rampart:end

# rampart:begin(sqs)
variable "send_queue_arns" {
  description = "Queues the service publishes to (outbox relay: mail and domain events)."
  type        = list(string)
}
# rampart:end

# rampart:begin(sqs)
variable "consume_queue_arns" {
  description = "Queues the service consumes (the mail consumer)."
  type        = list(string)
}
# rampart:end

# rampart:begin(sqs)
variable "dlq_arns" {
  description = "Dead-letter queues the operator commands read and redrive (rampart queue dead-letters|redrive)."
  type        = list(string)
}
# rampart:end

variable "enable_xray" {
  description = "The task runs the OpenTelemetry collector that sends traces to X-Ray and metrics to CloudWatch."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
