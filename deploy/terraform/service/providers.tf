provider "aws" {
  region = var.region
  # A plan or apply against the wrong account fails before it changes anything.
  allowed_account_ids = [var.account_id]

  # CI: the role of this environment's account (modules/ci_access), assumed from the tooling
  # account's OIDC session. Empty for an operator's own credentials (the first apply).
  dynamic "assume_role" {
    for_each = var.assume_role_arn == "" ? [] : [var.assume_role_arn]
    content {
      role_arn     = assume_role.value
      session_name = "rampart-${var.environment}"
    }
  }

  # Repository: the environment's files (envs/<env>.tfvars and .backend.hcl); the value this tag
  # had when each environment was a folder of its own, so no resource's tags change.
  default_tags {
    tags = {
      Service     = "rampart"
      Environment = var.environment
      ManagedBy   = "terraform"
      Repository  = "deploy/terraform/envs/${var.environment}"
    }
  }
}
