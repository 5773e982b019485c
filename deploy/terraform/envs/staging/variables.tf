variable "region" {
  description = "AWS region of this environment."
  type        = string
}

variable "account_id" {
  description = "AWS account of this environment (the provider refuses any other)."
  type        = string
}

variable "assume_role_arn" {
  description = "Role to assume (CI sets ci-rampart-staging-plan or -deploy); empty: the caller's own credentials."
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

variable "admin_email" {
  description = "E-mail of the first administrator."
  type        = string
}

variable "alarm_email" {
  description = "Address subscribed to the alarms (empty: none)."
  type        = string
  default     = ""
}

variable "ci_plan_principal_arns" {
  description = "Tooling-account roles allowed to assume ci-rampart-staging-plan (bootstrap output ci_plan_role_arn)."
  type        = list(string)
}

variable "ci_deploy_principal_arns" {
  description = "Tooling-account roles allowed to assume ci-rampart-staging-deploy (bootstrap output ci_deploy_role_arn)."
  type        = list(string)
}


variable "settings" {
  description = "Further RAMPART_* settings (docs/configuration.md), e.g. RAMPART_CORS_ORIGINS."
  type        = map(string)
  default     = {}
}

variable "key_rotation_days" {
  description = "Rotate the token signing keys every this many days (EventBridge Scheduler runs `rampart keys rotate`); 0: by hand only."
  type        = number
  default     = 0
}
