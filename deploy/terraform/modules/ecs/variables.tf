variable "name" {
  description = "Prefix of every name, e.g. rampart-prod (cluster, service and task families)."
  type        = string
}

variable "region" {
  description = "AWS region of the log group."
  type        = string
}

variable "image" {
  description = "The image, by digest: <account>.dkr.ecr.<region>.amazonaws.com/rampart@sha256:..."
  type        = string
}

variable "app_uid" {
  description = "Numeric user (and group) the Dockerfile's runtime stage runs rampart as."
  type        = number
  default     = 10001
}

variable "cpu" {
  description = "Task CPU units (256 = 0.25 vCPU)."
  type        = number
}

variable "memory" {
  description = "Task memory in MiB (a valid Fargate pair with cpu)."
  type        = number
}

variable "desired_count" {
  description = "Tasks at the first deployment (autoscaling owns the number afterwards)."
  type        = number
}

variable "min_count" {
  description = "Fewest tasks autoscaling keeps (2 or more spreads over AZs)."
  type        = number
}

variable "max_count" {
  description = "Most tasks autoscaling starts (mind the database's connection limit: max_count x database.pool.max_size)."
  type        = number
}

variable "cpu_target_percent" {
  description = "Average CPU the autoscaling keeps the service at."
  type        = number
  default     = 60
}

variable "requests_per_target" {
  description = "Requests per task per minute the autoscaling keeps the service at (ALBRequestCountPerTarget)."
  type        = number
}

variable "fargate_spot" {
  description = "Run the service on Fargate Spot (about 70% cheaper, tasks may be reclaimed with a 2-minute warning: development only)."
  type        = bool
  default     = false
}

variable "container_insights" {
  description = "CloudWatch Container Insights on the cluster: disabled, enabled or enhanced."
  type        = string
  default     = "enabled"
}

variable "subnet_ids" {
  description = "App-tier subnets of the tasks."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the tasks."
  type        = string
}

variable "target_group_arn" {
  description = "Target group the service registers its tasks in."
  type        = string
}

variable "alb_arn_suffix" {
  description = "The load balancer's ARN suffix (request-count autoscaling)."
  type        = string
}

variable "target_group_arn_suffix" {
  description = "The target group's ARN suffix (request-count autoscaling)."
  type        = string
}

variable "execution_role_arn" {
  description = "Role of the ECS agent."
  type        = string
}

variable "task_role_arn" {
  description = "Role of rampart in the task."
  type        = string
}

variable "log_group_name" {
  description = "Log group of every container."
  type        = string
}

variable "container_port" {
  description = "Port rampart listens on (RAMPART_LISTEN)."
  type        = number
  default     = 8080
}

variable "environment" {
  description = "Plain environment variables of the rampart container (settings; never secrets)."
  type        = map(string)
}

variable "secrets" {
  description = "Environment variables the ECS agent fills from Secrets Manager: name -> secret ARN, or ARN:json-key:: for one key of a JSON secret."
  type        = map(string)
}

# rampart:begin(iam)
variable "keys_task_role_arn" {
  description = "Role of the one-off `rampart keys` task: the only one allowed to write the signing-keys secret."
  type        = string
}

variable "key_rotation_days" {
  description = "Run `rampart keys rotate` every this many days through EventBridge Scheduler; 0: no schedule (rotate by hand)."
  type        = number
  default     = 0
  validation {
    condition     = var.key_rotation_days >= 0 && floor(var.key_rotation_days) == var.key_rotation_days
    error_message = "key_rotation_days must be a whole number of days, 0 for none."
  }
}

variable "scheduler_role_arn" {
  description = "Role EventBridge Scheduler runs the keys task with (required when key_rotation_days > 0)."
  type        = string
  default     = ""
}
# rampart:end

variable "stop_timeout_seconds" {
  description = "Time between SIGTERM and SIGKILL (at most 120 on Fargate): above the service's own drain (server.shutdown_timeout) plus the export of the last spans."
  type        = number
}

variable "health_check_grace_seconds" {
  description = "Time a new task has before the load balancer's health checks count (migrations at start)."
  type        = number
  default     = 60
}

variable "otel_collector_image" {
  description = "Image of an OpenTelemetry collector sidecar (AWS Distro for OpenTelemetry: traces to X-Ray, metrics to CloudWatch); empty: none."
  type        = string
  default     = ""
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
