variable "name" {
  description = "Identifier prefix, e.g. rampart-prod (at most 40 characters)."
  type        = string
}

variable "subnet_ids" {
  description = "Data-tier subnets."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of Redis."
  type        = string
}

variable "engine_version" {
  description = "Redis OSS version (rampart is tested on 7)."
  type        = string
  default     = "7.1"
}

variable "node_type" {
  description = "Node size, e.g. cache.t4g.micro (dev) or cache.m7g.large (prod)."
  type        = string
}

variable "node_count" {
  description = "Nodes: 1 primary plus replicas. Automatic failover and Multi-AZ need at least 2."
  type        = number
}

variable "snapshot_retention_days" {
  description = "Days of daily snapshots (0 = none; the cache can be rebuilt from the database)."
  type        = number
  default     = 0
}

variable "maintenance_window" {
  description = "Weekly maintenance window (UTC)."
  type        = string
  default     = "sun:05:00-sun:06:00"
}

variable "kms_key_arn" {
  description = "KMS key of the auth-token secret and the data at rest."
  type        = string
}

variable "log_group_name" {
  description = "CloudWatch log group for the slow log."
  type        = string
}

variable "recovery_window_days" {
  description = "Days a deleted secret can still be restored."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
