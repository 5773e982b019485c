variable "environment" {
  description = "dev, staging or prod: the roles are ci-rampart-<environment>-plan and -deploy."
  type        = string
}

variable "plan_principal_arns" {
  description = "Roles (in the tooling account, assumed by CI through GitHub OIDC) that may assume the plan role."
  type        = list(string)
}

variable "deploy_principal_arns" {
  description = "Roles (in the tooling account, assumed by CI through GitHub OIDC) that may assume the deploy role."
  type        = list(string)
}

variable "resource_prefix" {
  description = "Prefix of the names of every IAM role and policy the stack creates (the deploy role may manage only those)."
  type        = string
  default     = "rampart-"
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
