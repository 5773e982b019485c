variable "name" {
  description = "Prefix of every name, e.g. rampart-prod (the load balancer's name is at most 32 characters)."
  type        = string
}

variable "vpc_id" {
  description = "The VPC of the target group."
  type        = string
}

variable "subnet_ids" {
  description = "Public subnets, one per availability zone."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the load balancer."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate of the HTTPS listener."
  type        = string
}

variable "app_port" {
  description = "Port of the tasks."
  type        = number
}

variable "health_check_path" {
  description = "Readiness path probed on every task."
  type        = string
  default     = "/health/ready"
}

variable "deregistration_delay_seconds" {
  description = "How long a task leaving the service keeps its in-flight requests before ECS stops it; at least the service's read timeout so that no request is cut (the service then drains itself on SIGTERM)."
  type        = number
}

variable "idle_timeout_seconds" {
  description = "Idle timeout of client connections; below the service's keep-alive idle timeout (60 s) so that the load balancer, not the task, closes an idle connection."
  type        = number
  default     = 55
}

variable "deletion_protection" {
  description = "Refuse to delete the load balancer (production)."
  type        = bool
  default     = true
}

variable "access_logs_bucket" {
  description = "S3 bucket for access logs; empty: none."
  type        = string
  default     = ""
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
