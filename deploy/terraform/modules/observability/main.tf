# Logs, alarms, the alert topic and a dashboard. Alarms go to one SNS topic (e-mail, or any
# subscriber: a pager, a chat hook). Each alarm names a metric AWS publishes (the checker in
# tests/deploy verifies namespace, name and dimensions against AWS's metric references).

resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/${var.name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

# rampart:begin(redis)
resource "aws_cloudwatch_log_group" "redis_slow" {
  name              = "/elasticache/${var.name}/slow-log"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}
# rampart:end

resource "aws_sns_topic" "alerts" {
  name              = "${var.name}-alerts"
  kms_master_key_id = var.kms_key_arn
  tags              = var.tags
}

data "aws_caller_identity" "current" {}

# CloudWatch alarms may publish to the (encrypted) topic.
data "aws_iam_policy_document" "alerts" {
  statement {
    sid       = "CloudWatchAlarms"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts.json
}

resource "aws_sns_topic_subscription" "email" {
  count     = var.alarm_email == "" ? 0 : 1
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  alarm_actions = [aws_sns_topic.alerts.arn]
  alb           = { LoadBalancer = var.alb_arn_suffix }
  target        = { LoadBalancer = var.alb_arn_suffix, TargetGroup = var.target_group_arn_suffix }
  service       = { ClusterName = var.cluster_name, ServiceName = var.service_name }
  db            = { DBInstanceIdentifier = var.db_instance_identifier }
}
