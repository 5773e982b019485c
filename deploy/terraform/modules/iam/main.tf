# Two roles per task, least privilege (SPEC §5):
#   execution role – used by the ECS agent before the container starts: pull the image, create
#                    the log stream, read the secrets it injects as environment variables;
# rampart:begin(iam)
#   task role      – used by rampart itself: the service's key for what it encrypts, reading
#                    (never writing) the signing-keys secret, (optionally) X-Ray;
# rampart:else
# #   task role      – used by rampart itself: (optionally) X-Ray;
# rampart:end
#                    exactly the SQS calls on exactly its queues;  # rampart:only(sqs)
# rampart:begin(iam)
#   keys role      – used only by the one-off `rampart keys` task (keys.tf): the one role that
#                    may write the signing-keys secret.
# rampart:end

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    # Only tasks of this account (confused-deputy protection).
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "execution" {
  # GetAuthorizationToken has no resource-level permission: it is account-wide by design.
  statement {
    sid       = "EcrLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid       = "PullImage"
    actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    resources = [var.ecr_repository_arn]
  }
  statement {
    sid       = "WriteLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${var.log_group_arn}:*"]
  }
  statement {
    sid       = "InjectSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = var.injected_secret_arns
  }
  statement {
    sid       = "DecryptSecrets"
    actions   = ["kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "execution"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

# rampart:begin(iam | sqs)
data "aws_iam_policy_document" "task" {
  # rampart:begin(sqs)
  statement {
    sid       = "PublishToQueues"
    actions   = ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]
    resources = var.send_queue_arns
  }
  statement {
    sid = "ConsumeQueues"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
    ]
    resources = var.consume_queue_arns
  }
  # rampart queue dead-letters|redrive: read the DLQs and move their messages back
  # (StartMessageMoveTask sends to the source queue on the caller's behalf).
  statement {
    sid = "HandleDeadLetters"
    actions = [
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:ChangeMessageVisibility",
      "sqs:GetQueueAttributes",
      "sqs:StartMessageMoveTask",
      "sqs:ListMessageMoveTasks",
      "sqs:CancelMessageMoveTask",
    ]
    resources = var.dlq_arns
  }
  # rampart:end
  # rampart:begin(iam)
  # The signing keys (RAMPART_JWT_KEYS_SECRET): read at start and at every reload. Writing them
  # is the keys role's alone.
  statement {
    sid       = "ReadSigningKeys"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.keys_secret_arn]
  }
  # rampart:end
  # rampart:begin(sqs)
  # Encrypted queues: a producer needs a data key, a consumer decrypts with it.
  # The signing-keys secret is encrypted with the same key (Decrypt).  # rampart:only(iam)
  statement {
    sid       = "QueueEncryption"
  # rampart:else
  # # The signing-keys secret is encrypted with the service's key.
  # statement {
  #   sid       = "Encryption"
  # rampart:end
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [var.kms_key_arn]
  }
}

resource "aws_iam_role_policy" "task" {
  name   = "task"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}
# rampart:end

# The AWS OpenTelemetry collector's default ECS configuration: traces to X-Ray, metrics to
# CloudWatch (EMF log events). X-Ray's write calls have no resource-level permissions.
data "aws_iam_policy_document" "xray" {
  statement {
    sid = "XRayWrite"
    actions = [
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
    ]
    resources = ["*"]
  }
  statement {
    sid       = "MetricsAsEmf"
    actions   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["arn:aws:logs:*:${data.aws_caller_identity.current.account_id}:log-group:/aws/ecs/application/metrics*"]
  }
}

resource "aws_iam_role_policy" "xray" {
  count  = var.enable_xray ? 1 : 0
  name   = "xray"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.xray.json
}
