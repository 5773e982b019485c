# The cross-account roles CI uses in an environment's account. CI never holds access keys: a
# workflow gets a short-lived session in the tooling account through GitHub's OIDC provider
# (bootstrap/), then assumes one of these:
#   ci-rampart-<env>-plan    read-only: terraform plan and the scheduled drift check;
#   ci-rampart-<env>-deploy  apply: the services the stack uses, IAM only for its own roles.
# Their names do not start with resource_prefix, so the deploy role cannot edit itself.

data "aws_caller_identity" "current" {}

locals {
  account   = data.aws_caller_identity.current.account_id
  own_roles = "arn:aws:iam::${local.account}:role/${var.resource_prefix}*"
}

data "aws_iam_policy_document" "trust_plan" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "AWS"
      identifiers = var.plan_principal_arns
    }
  }
}

data "aws_iam_policy_document" "trust_deploy" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "AWS"
      identifiers = var.deploy_principal_arns
    }
  }
}

resource "aws_iam_role" "plan" {
  name                 = "ci-rampart-${var.environment}-plan"
  assume_role_policy   = data.aws_iam_policy_document.trust_plan.json
  max_session_duration = 3600
  tags                 = var.tags
}

resource "aws_iam_role" "deploy" {
  name                 = "ci-rampart-${var.environment}-deploy"
  assume_role_policy   = data.aws_iam_policy_document.trust_deploy.json
  max_session_duration = 3600
  tags                 = var.tags
}
