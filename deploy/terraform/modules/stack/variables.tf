variable "environment" {
  description = "dev, staging or prod: part of every name (rampart-<environment>)."
  type        = string
}

variable "rampart_env" {
  description = "RAMPART_ENV of the service: development, staging or production (production refuses insecure settings)."
  type        = string
}

variable "region" {
  description = "AWS region."
  type        = string
}

variable "image" {
  description = "The rampart image by digest (<registry>/rampart@sha256:...), pushed by the pipeline."
  type        = string
}

variable "version_label" {
  description = "What DD_VERSION and the logs call this release (the git commit)."
  type        = string
}

variable "ecr_repository_arn" {
  description = "The image repository (bootstrap/ output), possibly in the tooling account."
  type        = string
}

variable "domain_name" {
  # rampart:begin(iam)
  description = "Public host name of the service (RAMPART_JWT_ISSUER is https://<domain_name>)."
  # rampart:else
  # description = "Public host name of the service."
  # rampart:end
  type        = string
}

variable "route53_zone_id" {
  description = "Hosted zone of domain_name (certificate validation and the alias record)."
  type        = string
}

# rampart:begin(iam)
variable "admin_email" {
  description = "E-mail of the first administrator (RAMPART_ADMIN_EMAIL)."
  type        = string
}
# rampart:else
# variable "auth_issuer" {
#   description = "The issuer whose access tokens the service accepts (RAMPART_JWT_ISSUER): its https:// URL, without query; the keys are read from <auth_issuer>/.well-known/jwks.json."
#   type        = string
#   validation {
#     condition     = can(regex("^https://[^/?#]+[^?#]*$", var.auth_issuer))
#     error_message = "auth_issuer must be the issuer's https:// URL, without query or fragment (e.g. https://id.example.com)."
#   }
# }
# rampart:end

variable "alarm_email" {
  description = "Address subscribed to the alert topic (empty: none)."
  type        = string
  default     = ""
}

# rampart:begin(iam)
variable "key_rotation_days" {
  description = "Rotate the token signing keys every this many days (EventBridge Scheduler runs `rampart keys rotate`); 0: rotate by hand only."
  type        = number
  default     = 0
}
# rampart:end

variable "network" {
  description = "VPC sizing: CIDR, AZs, NAT gateways, and the AWS services reached through interface endpoints (each costs per AZ and hour)."
  type = object({
    cidr_block          = string
    az_count            = number
    nat_gateway_count   = number
    interface_endpoints = list(string)
  })
}

variable "service" {
  description = "ECS sizing: task CPU/memory, task counts, autoscaling targets, Spot."
  type = object({
    cpu                 = number
    memory              = number
    desired_count       = number
    min_count           = number
    max_count           = number
    requests_per_target = number
    fargate_spot        = bool
    db_pool_max_size    = number
  })
}

variable "database" {
  description = "RDS sizing and safety."
  type = object({
    instance_class                      = string
    allocated_storage_gb                = number
    max_allocated_storage_gb            = number
    multi_az                            = bool
    backup_retention_days               = number
    performance_insights_retention_days = number
    monitoring_interval_seconds         = number
    password_rotation_days              = number
  })
}

# rampart:begin(redis)
variable "redis" {
  description = "ElastiCache sizing."
  type = object({
    node_type               = string
    node_count              = number
    snapshot_retention_days = number
  })
}
# rampart:end

# rampart:begin(sqs)
variable "queues" {
  description = "Queue behaviour: redelivery before the DLQ, visibility timeout, retention."
  type = object({
    max_receive_count          = number
    visibility_timeout_seconds = number
    retention_seconds          = number
    dlq_retention_seconds      = number
  })
}
# rampart:end

variable "log_retention_days" {
  description = "Days the logs are kept."
  type        = number
}

variable "deletion_protection" {
  description = "Protect the load balancer and the database from deletion; keep deleted secrets 30 days."
  type        = bool
}

variable "otel_collector_image" {
  description = "OpenTelemetry collector sidecar image (ADOT: traces to X-Ray); empty: none."
  type        = string
  default     = ""
}

variable "thresholds" {
  description = "Alarm thresholds (modules/observability)."
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

variable "settings" {
  description = "Further RAMPART_* settings of the service (docs/configuration.md), e.g. RAMPART_CORS_ORIGINS."
  type        = map(string)
  default     = {}
}


variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
