variable "region" {
  description = "Region of the state bucket and the image repository."
  type        = string
}

variable "account_id" {
  description = "The tooling account that holds the state, the image repository and CI's entry roles."
  type        = string
}

variable "state_bucket_name" {
  description = "Globally unique name of the state bucket."
  type        = string
}

variable "github_repository" {
  description = "owner/name of the GitHub repository whose workflows may deploy."
  type        = string
}

variable "environment_account_ids" {
  description = "AWS account of each environment (dev, staging, prod); the same account for all is fine."
  type        = map(string)
}

variable "create_github_oidc_provider" {
  description = "Create the account's GitHub OIDC provider (false when the account already has one)."
  type        = bool
  default     = true
}

variable "image_retention_count" {
  description = "Images kept in the repository (older ones expire)."
  type        = number
  default     = 100
}
