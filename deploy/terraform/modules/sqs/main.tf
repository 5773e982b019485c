# The service's queues (SPEC §4 Messaging): each with a dead-letter queue through a redrive
# policy, encrypted with the service's key, and a queue policy that refuses anything but TLS.
# Who may send or receive is decided by the roles (modules/iam), per queue.

locals {
  suffix = { for k, q in var.queues : k => q.fifo ? ".fifo" : "" }
}

resource "aws_sqs_queue" "dlq" {
  for_each                          = var.queues
  name                              = "${var.name}-${each.key}-dlq${local.suffix[each.key]}"
  fifo_queue                        = each.value.fifo
  message_retention_seconds         = each.value.dlq_retention_seconds
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300
  tags                              = var.tags
}

resource "aws_sqs_queue" "this" {
  for_each                          = var.queues
  name                              = "${var.name}-${each.key}${local.suffix[each.key]}"
  fifo_queue                        = each.value.fifo
  content_based_deduplication       = false
  deduplication_scope               = each.value.fifo ? "messageGroup" : null
  fifo_throughput_limit             = each.value.fifo ? "perMessageGroupId" : null
  visibility_timeout_seconds        = each.value.visibility_timeout_seconds
  message_retention_seconds         = each.value.retention_seconds
  receive_wait_time_seconds         = 20
  kms_master_key_id                 = var.kms_key_arn
  kms_data_key_reuse_period_seconds = 300
  tags                              = var.tags

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq[each.key].arn
    maxReceiveCount     = each.value.max_receive_count
  })
}

# Only its own source queue may use a DLQ as its dead-letter target.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  for_each  = var.queues
  queue_url = aws_sqs_queue.dlq[each.key].id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.this[each.key].arn]
  })
}

data "aws_iam_policy_document" "tls_only" {
  for_each = var.queues

  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["sqs:*"]
    resources = [
      aws_sqs_queue.this[each.key].arn,
      aws_sqs_queue.dlq[each.key].arn,
    ]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "this" {
  for_each  = var.queues
  queue_url = aws_sqs_queue.this[each.key].id
  policy    = data.aws_iam_policy_document.tls_only[each.key].json
}

resource "aws_sqs_queue_policy" "dlq" {
  for_each  = var.queues
  queue_url = aws_sqs_queue.dlq[each.key].id
  policy    = data.aws_iam_policy_document.tls_only[each.key].json
}
