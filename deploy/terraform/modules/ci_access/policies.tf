# What terraform plan reads: the descriptions of every resource type of the stack, and the
# secret values Terraform itself wrote (random passwords), nothing else of the data services.
data "aws_iam_policy_document" "read" {
  statement {
    sid = "DescribeInfrastructure"
    actions = [
      "acm:DescribeCertificate", "acm:ListTagsForCertificate",
      "application-autoscaling:Describe*", "application-autoscaling:ListTagsForResource",
      "cloudwatch:DescribeAlarms", "cloudwatch:GetDashboard", "cloudwatch:ListTagsForResource",
      "ec2:Describe*", "ecs:Describe*", "ecs:List*", "elasticache:Describe*", "elasticache:ListTagsForResource",
      "elasticloadbalancing:Describe*", "iam:Get*", "iam:List*",
      "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListResourceTags",
      "logs:DescribeLogGroups", "logs:ListTagsForResource", "logs:ListTagsLogGroup",
      "rds:Describe*", "rds:ListTagsForResource",
      "route53:GetChange", "route53:GetHostedZone", "route53:ListResourceRecordSets", "route53:ListTagsForResource",
      "scheduler:GetSchedule", "scheduler:ListTagsForResource",  # rampart:only(iam)
      "secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy",
      "sns:GetSubscriptionAttributes", "sns:GetTopicAttributes", "sns:ListTagsForResource",
      "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags",  # rampart:only(sqs)
      "sts:GetCallerIdentity",
    ]
    resources = ["*"]
  }
  statement {
    sid       = "ReadGeneratedSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["arn:aws:secretsmanager:*:${local.account}:secret:${var.resource_prefix}*"]
  }
  statement {
    sid       = "DecryptGeneratedSecrets"
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    condition {
      test     = "StringLike"
      variable = "kms:ViaService"
      values   = ["secretsmanager.*.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "plan_read" {
  name   = "read"
  role   = aws_iam_role.plan.id
  policy = data.aws_iam_policy_document.read.json
}

resource "aws_iam_role_policy" "deploy_read" {
  name   = "read"
  role   = aws_iam_role.deploy.id
  policy = data.aws_iam_policy_document.read.json
}

# What terraform apply changes. Control-plane services in full; the data services by the
# management calls the stack makes, never their data (no message, object or foreign secret).
data "aws_iam_policy_document" "deploy" {
  statement {
    sid = "ManageInfrastructure"
    actions = [
      "acm:*", "application-autoscaling:*", "cloudwatch:*", "ec2:*", "ecs:*", "elasticache:*",
      "elasticloadbalancing:*", "rds:*", "route53:ChangeResourceRecordSets", "route53:ChangeTagsForResource",
    ]
    resources = ["*"]
  }
# rampart:begin(sqs)
  statement {
    sid = "ManageQueues"
    actions = [
      "sqs:CreateQueue", "sqs:DeleteQueue", "sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue",
    ]
    resources = ["arn:aws:sqs:*:${local.account}:${var.resource_prefix}*"]
  }
# rampart:end
  statement {
    sid = "ManageSecrets"
    actions = [
      "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:PutSecretValue",
      "secretsmanager:UpdateSecret", "secretsmanager:TagResource", "secretsmanager:UntagResource",
      "secretsmanager:RotateSecret", "secretsmanager:CancelRotateSecret",
    ]
    # rds!db-...: the database's master-password secret, which RDS creates and Terraform schedules.
    resources = [
      "arn:aws:secretsmanager:*:${local.account}:secret:${var.resource_prefix}*",
      "arn:aws:secretsmanager:*:${local.account}:secret:rds!*",
    ]
  }
  statement {
    sid = "ManageKeys"
    actions = [
      "kms:CreateKey", "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "kms:EnableKeyRotation",
      "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource",
      "kms:CreateGrant", "kms:Encrypt", "kms:GenerateDataKey",
    ]
    resources = ["*"]
  }
  statement {
    sid = "ManageLogs"
    actions = [
      "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:TagResource",
      "logs:UntagResource", "logs:TagLogGroup", "logs:UntagLogGroup", "logs:AssociateKmsKey",
      "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:GetLogDelivery", "logs:ListLogDeliveries",
      "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
    ]
    resources = ["*"]
  }
  statement {
    sid = "ManageAlerts"
    actions = [
      "sns:CreateTopic", "sns:DeleteTopic", "sns:SetTopicAttributes", "sns:Subscribe", "sns:Unsubscribe",
      "sns:TagResource", "sns:UntagResource",
    ]
    resources = ["arn:aws:sns:*:${local.account}:${var.resource_prefix}*"]
  }
  # rampart:begin(iam)
  # The optional schedule of `rampart keys rotate` (modules/ecs keys.tf).
  statement {
    sid = "ManageSchedules"
    actions = [
      "scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule",
      "scheduler:TagResource", "scheduler:UntagResource",
    ]
    resources = ["arn:aws:scheduler:*:${local.account}:schedule/default/${var.resource_prefix}*"]
  }
  # rampart:end
  statement {
    sid       = "ManageOwnRoles"
    actions   = ["iam:*"]
    resources = [local.own_roles, "arn:aws:iam::${local.account}:policy/${var.resource_prefix}*"]
  }
  statement {
    sid       = "ServiceLinkedRoles"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["arn:aws:iam::${local.account}:role/aws-service-role/*"]
  }
}

resource "aws_iam_role_policy" "deploy" {
  name   = "deploy"
  role   = aws_iam_role.deploy.id
  policy = data.aws_iam_policy_document.deploy.json
}
