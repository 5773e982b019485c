# Writing the signing keys: a role of its own for the one-off `rampart keys rotate|list|retire`
# task (modules/ecs, task family <name>-keys), so that the serving tasks can read the keys
# secret but never write it (a compromised serving task cannot plant a key of its choosing).
# `rampart keys` reads AWSCURRENT and AWSPREVIOUS around its PutSecretValue
# (docs/security.md#keys-in-aws-secrets-manager), and Secrets Manager encrypts a new version
# with a data key of the service's KMS key.

resource "aws_iam_role" "keys" {
  name               = "${var.name}-keys"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "keys" {
  statement {
    sid       = "WriteSigningKeys"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:PutSecretValue"]
    resources = [var.keys_secret_arn]
  }
  statement {
    sid       = "SecretEncryption"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "keys" {
  name   = "keys"
  role   = aws_iam_role.keys.id
  policy = data.aws_iam_policy_document.keys.json
}

# EventBridge Scheduler starts the keys task on a schedule (modules/ecs, key_rotation_days):
# it may run exactly that task family and hand it exactly its two roles.
data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "scheduler" {
  count              = var.enable_key_rotation_schedule ? 1 : 0
  name               = "${var.name}-keys-scheduler"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "RunKeysTask"
    actions   = ["ecs:RunTask"]
    resources = ["arn:aws:ecs:*:${data.aws_caller_identity.current.account_id}:task-definition/${var.name}-keys:*"]
  }
  statement {
    sid       = "PassKeysTaskRoles"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.execution.arn, aws_iam_role.keys.arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "scheduler" {
  count  = var.enable_key_rotation_schedule ? 1 : 0
  name   = "scheduler"
  role   = aws_iam_role.scheduler[0].id
  policy = data.aws_iam_policy_document.scheduler.json
}
