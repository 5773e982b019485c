# What differs between environments: each is set by envs/<env>.tfvars (or, image and
# version_label, by the pipeline). Only the variables with a default may be left out.

variable "environment" {
  description = "dev, staging or prod: part of every name (rampart-<environment>) and of CI's roles."
  type        = string
}

variable "rampart_env" {
  description = "The service's RAMPART_ENV: development, staging or production."
  type        = string
}

variable "region" {
  description = "AWS region of this environment."
  type        = string
}

variable "account_id" {
  description = "AWS account of this environment (the provider refuses any other)."
  type        = string
}

variable "assume_role_arn" {
  description = "Role to assume (CI sets ci-rampart-<environment>-plan or -deploy); empty: the caller's own credentials."
  type        = string
  default     = ""
}

variable "image" {
  description = "The image by digest, set by the pipeline: <registry>/rampart@sha256:..."
  type        = string
}

variable "version_label" {
  description = "The release's name in logs and traces (DD_VERSION): the git commit."
  type        = string
}

variable "ecr_repository_arn" {
  description = "The image repository (bootstrap output ecr_repository_arn)."
  type        = string
}

variable "domain_name" {
  description = "Public host name of the service."
  type        = string
}

variable "route53_zone_id" {
  description = "Hosted zone of domain_name."
  type        = string
}

# rampart:begin(iam)
variable "admin_email" {
  description = "E-mail of the first administrator."
  type        = string
}
# rampart:else
# variable "auth_issuer" {
#   description = "The issuer whose access tokens the service accepts (RAMPART_JWT_ISSUER): its https:// URL, e.g. https://id.example.com; the keys are read from <auth_issuer>/.well-known/jwks.json. The tokens' aud must be the service's auth.audience (RAMPART_JWT_AUDIENCE, default rampart; set it in settings to change it)."
#   type        = string
# }
# rampart:end

variable "alarm_email" {
  description = "Address subscribed to the alarms (empty: none)."
  type        = string
  default     = ""
}

variable "ci_plan_principal_arns" {
  description = "Tooling-account roles allowed to assume ci-rampart-<environment>-plan (bootstrap output ci_plan_role_arn)."
  type        = list(string)
}

variable "ci_deploy_principal_arns" {
  description = "Tooling-account roles allowed to assume ci-rampart-<environment>-deploy (bootstrap output ci_deploy_role_arn)."
  type        = list(string)
}

variable "settings" {
  description = "Further RAMPART_* settings (docs/configuration.md), e.g. RAMPART_CORS_ORIGINS."
  type        = map(string)
  default     = {}
}

# rampart:begin(iam)
variable "key_rotation_days" {
  description = "Rotate the token signing keys every this many days (EventBridge Scheduler runs `rampart keys rotate`); 0: by hand only."
  type        = number
  default     = 0
}
# rampart:end

# The sizing. Each object has the shape of the modules/stack variable of the same name, which
# declares its type (so it is written once); every environment sets all of them.

variable "network" {
  description = "VPC: CIDR, AZs, NAT gateways, interface endpoints (the type of modules/stack's network)."
  type        = any
}

variable "service" {
  description = "ECS: task CPU/memory, task counts, autoscaling targets, Spot, database pool (the type of modules/stack's service)."
  type        = any
}

variable "database" {
  description = "RDS sizing and safety (the type of modules/stack's database)."
  type        = any
}

# rampart:begin(redis)
variable "redis" {
  description = "ElastiCache sizing (the type of modules/stack's redis)."
  type        = any
}
# rampart:end

# rampart:begin(sqs)
variable "queues" {
  description = "Redelivery before the DLQ, visibility timeout, retention (the type of modules/stack's queues)."
  type        = any
}
# rampart:end

variable "thresholds" {
  description = "Alarm thresholds (the type of modules/stack's thresholds)."
  type        = any
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the environment's logs."
  type        = number
}

variable "deletion_protection" {
  description = "Whether the load balancer and the database refuse deletion (and deleted secrets wait 30 days)."
  type        = bool
}

variable "otel_collector_image" {
  description = "The collector sidecar's image (ADOT: traces to X-Ray), or \"\" for no sidecar."
  type        = string
}
