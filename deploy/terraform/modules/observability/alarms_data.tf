# --- PostgreSQL (RDS) ---------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "db_cpu" {
  alarm_name          = "${var.name}-db-cpu"
  alarm_description   = "The database's CPU is above ${var.thresholds.db_cpu_percent}% for 15 minutes (Performance Insights shows which statements)."
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  dimensions          = local.db
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = var.thresholds.db_cpu_percent
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "db_storage" {
  alarm_name          = "${var.name}-db-free-storage"
  alarm_description   = "Less than ${var.thresholds.db_free_storage_bytes} bytes of database storage left (autoscaling at its ceiling?)."
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  dimensions          = local.db
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.thresholds.db_free_storage_bytes
  comparison_operator = "LessThanThreshold"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "db_connections" {
  alarm_name          = "${var.name}-db-connections"
  alarm_description   = "More than ${var.thresholds.db_connections} database connections: tasks x database.pool.max_size near the instance's max_connections."
  namespace           = "AWS/RDS"
  metric_name         = "DatabaseConnections"
  dimensions          = local.db
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.thresholds.db_connections
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

# rampart:begin(redis)
# --- Redis (ElastiCache), per node ---------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "redis_cpu" {
  for_each            = toset(var.redis_cluster_ids)
  alarm_name          = "${each.value}-engine-cpu"
  alarm_description   = "Redis' engine thread is above ${var.thresholds.redis_engine_cpu_percent}% CPU on ${each.value}."
  namespace           = "AWS/ElastiCache"
  metric_name         = "EngineCPUUtilization"
  dimensions          = { CacheClusterId = each.value }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = var.thresholds.redis_engine_cpu_percent
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "redis_memory" {
  for_each            = toset(var.redis_cluster_ids)
  alarm_name          = "${each.value}-memory"
  alarm_description   = "Redis uses more than ${var.thresholds.redis_memory_percent}% of its memory on ${each.value}: keys are being evicted."
  namespace           = "AWS/ElastiCache"
  metric_name         = "DatabaseMemoryUsagePercentage"
  dimensions          = { CacheClusterId = each.value }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = var.thresholds.redis_memory_percent
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}
# rampart:end

# rampart:begin(sqs)
# --- SQS ------------------------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "queue_age" {
  for_each            = var.queue_names
  alarm_name          = "${var.name}-${each.key}-oldest-message"
  alarm_description   = "The oldest message on ${each.value} waits more than ${var.thresholds.queue_oldest_age_seconds} s: its consumer is down or too slow."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.thresholds.queue_oldest_age_seconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "dlq_depth" {
  for_each            = var.dlq_names
  alarm_name          = "${var.name}-${each.key}-dead-letters"
  alarm_description   = "Messages reached the dead-letter queue ${each.value}: list them with `rampart queue dead-letters` and redrive them once fixed (docs/deployment.md)."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = each.value }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}
# rampart:end
