variable "name" {
  description = "Prefix of every name, e.g. rampart-prod."
  type        = string
}

variable "log_retention_days" {
  description = "Days the service's logs are kept in CloudWatch Logs."
  type        = number
}

variable "kms_key_arn" {
  description = "KMS key of the alert topic."
  type        = string
}

variable "alarm_email" {
  description = "Address subscribed to the alert topic (empty: subscribe it yourself, e.g. a pager)."
  type        = string
  default     = ""
}

variable "alb_arn_suffix" {
  description = "LoadBalancer dimension."
  type        = string
}

variable "target_group_arn_suffix" {
  description = "TargetGroup dimension."
  type        = string
}

variable "cluster_name" {
  description = "ClusterName dimension."
  type        = string
}

variable "service_name" {
  description = "ServiceName dimension."
  type        = string
}

variable "db_instance_identifier" {
  description = "DBInstanceIdentifier dimension."
  type        = string
}

# rampart:begin(redis)
variable "redis_cluster_ids" {
  description = "CacheClusterId of every Redis node."
  type        = list(string)
}
# rampart:end

# rampart:begin(sqs)
variable "queue_names" {
  description = "Queues whose oldest message's age is watched, by short name."
  type        = map(string)
}
# rampart:end

# rampart:begin(sqs)
variable "dlq_names" {
  description = "Dead-letter queues that must stay empty, by short name."
  type        = map(string)
}
# rampart:end

variable "thresholds" {
  description = "Alarm thresholds; see docs/deployment.md for how they were chosen."
  type = object({
    target_5xx_per_5min      = number
    p99_latency_seconds      = number
    cpu_percent              = number
    memory_percent           = number
    db_cpu_percent           = number
    db_free_storage_bytes    = number
    db_connections           = number
    redis_engine_cpu_percent = number  # rampart:only(redis)
    redis_memory_percent     = number  # rampart:only(redis)
    queue_oldest_age_seconds = number  # rampart:only(sqs)
  })
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
