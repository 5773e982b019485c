# CI's way into AWS without stored access keys: GitHub's OIDC provider, and two roles a workflow
# of this repository can assume with its short-lived OIDC token:
#   ci-rampart-plan    any branch or pull request: read the state, assume each environment's
#                      plan role (terraform plan, drift check);
#   ci-rampart-deploy  main and the GitHub environments dev/staging/prod (whose protection
#                      rules are the approvals): write the state, push images, assume each
#                      environment's deploy role.
# The environment roles themselves live in each environment's account (modules/ci_access).

locals {
  oidc_host      = "token.actions.githubusercontent.com"
  oidc_arn       = var.create_github_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : "arn:aws:iam::${var.account_id}:oidc-provider/${local.oidc_host}"
  repo           = "repo:${var.github_repository}"
  env_plan_roles = [for env, account in var.environment_account_ids : "arn:aws:iam::${account}:role/ci-rampart-${env}-plan"]
  env_deploy_roles = [
    for env, account in var.environment_account_ids : "arn:aws:iam::${account}:role/ci-rampart-${env}-deploy"
  ]
}

resource "aws_iam_openid_connect_provider" "github" {
  count          = var.create_github_oidc_provider ? 1 : 0
  url            = "https://${local.oidc_host}"
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_policy_document" "trust_plan" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.oidc_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "${local.oidc_host}:sub"
      values   = ["${local.repo}:*"]
    }
  }
}

data "aws_iam_policy_document" "trust_deploy" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [local.oidc_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_host}:sub"
      values = concat(
        ["${local.repo}:ref:refs/heads/main"],
        [for env in keys(var.environment_account_ids) : "${local.repo}:environment:${env}"],
      )
    }
  }
}

resource "aws_iam_role" "ci_plan" {
  name                 = "ci-rampart-plan"
  assume_role_policy   = data.aws_iam_policy_document.trust_plan.json
  max_session_duration = 3600
}

resource "aws_iam_role" "ci_deploy" {
  name                 = "ci-rampart-deploy"
  assume_role_policy   = data.aws_iam_policy_document.trust_deploy.json
  max_session_duration = 3600
}

data "aws_iam_policy_document" "ci_plan" {
  statement {
    sid       = "ListState"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.state.arn]
  }
  statement {
    sid       = "ReadState"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.state.arn}/rampart/*"]
  }
  # terraform plan takes the lock (a .tflock object next to the state) and releases it.
  statement {
    sid       = "LockState"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.state.arn}/rampart/*.tflock"]
  }
  statement {
    sid       = "StateKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.state.arn]
  }
  statement {
    sid       = "EnvironmentPlanRoles"
    actions   = ["sts:AssumeRole", "sts:TagSession"]
    resources = local.env_plan_roles
  }
}

resource "aws_iam_role_policy" "ci_plan" {
  name   = "plan"
  role   = aws_iam_role.ci_plan.id
  policy = data.aws_iam_policy_document.ci_plan.json
}

data "aws_iam_policy_document" "ci_deploy" {
  statement {
    sid       = "ListState"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.state.arn]
  }
  statement {
    sid       = "ReadWriteState"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.state.arn}/rampart/*"]
  }
  statement {
    sid       = "StateKey"
    actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.state.arn]
  }
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid = "PushImages"
    actions = [
      "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload",
      "ecr:DescribeImages", "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload",
      "ecr:PutImage", "ecr:UploadLayerPart",
    ]
    resources = [aws_ecr_repository.rampart.arn]
  }
  statement {
    sid       = "EnvironmentRoles"
    actions   = ["sts:AssumeRole", "sts:TagSession"]
    resources = concat(local.env_plan_roles, local.env_deploy_roles)
  }
}

resource "aws_iam_role_policy" "ci_deploy" {
  name   = "deploy"
  role   = aws_iam_role.ci_deploy.id
  policy = data.aws_iam_policy_document.ci_deploy.json
}
