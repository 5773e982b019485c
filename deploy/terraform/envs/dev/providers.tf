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
      session_name = "rampart-dev"
    }
  }

  default_tags {
    tags = {
      Service     = "rampart"
      Environment = "dev"
      ManagedBy   = "terraform"
      Repository  = "deploy/terraform/envs/dev"
    }
  }
}
