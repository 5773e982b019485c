variable "name" {
  description = "Identifier prefix, e.g. rampart-prod."
  type        = string
}

variable "subnet_ids" {
  description = "Data-tier subnets (at least two availability zones)."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the database."
  type        = string
}

variable "engine_version" {
  description = "PostgreSQL major.minor (rampart is tested on 15)."
  type        = string
  default     = "15.10"
}

variable "instance_class" {
  description = "Instance size, e.g. db.t4g.micro (dev) or db.m7g.large (prod)."
  type        = string
}

variable "allocated_storage_gb" {
  description = "Initial gp3 storage."
  type        = number
}

variable "max_allocated_storage_gb" {
  description = "Storage autoscaling ceiling."
  type        = number
}

variable "multi_az" {
  description = "A synchronous standby in a second AZ with automatic failover (prod)."
  type        = bool
}

variable "backup_retention_days" {
  description = "Days of automated backups and point-in-time recovery (1 to 35)."
  type        = number
}

variable "backup_window" {
  description = "Daily backup window (UTC), outside the maintenance window."
  type        = string
  default     = "02:00-03:00"
}

variable "maintenance_window" {
  description = "Weekly maintenance window (UTC)."
  type        = string
  default     = "sun:03:30-sun:04:30"
}

variable "performance_insights_retention_days" {
  description = "Performance Insights retention: 7 (free tier) or a multiple of 31 up to 731."
  type        = number
  default     = 7
}

variable "monitoring_interval_seconds" {
  description = "Enhanced Monitoring interval (0 = off, 1, 5, 10, 15, 30 or 60)."
  type        = number
  default     = 0
}

variable "deletion_protection" {
  description = "Refuse to delete the instance; a final snapshot is taken either way."
  type        = bool
  default     = true
}

variable "database_name" {
  description = "The database rampart uses."
  type        = string
  default     = "rampart"
}

variable "master_username" {
  description = "The master user (rampart connects as it: it owns the schema and runs the migrations)."
  type        = string
  default     = "rampart"
}

variable "password_rotation_days" {
  description = "Days between rotations of the RDS-managed master password in Secrets Manager."
  type        = number
  default     = 30
}

variable "kms_key_arn" {
  description = "KMS key of the master-password secret."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
