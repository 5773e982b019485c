# Every alarm, as data: the metric AWS publishes (namespace, name, dimensions), the statistic,
# and when it fires. One resource creates them all; the checker in tests/deploy reads these
# locals and verifies each metric against AWS's metric references.
#
#   statistic   Sum, Average, Minimum, Maximum, or a percentile such as p99
#   periods     consecutive periods (of `period` seconds) above the threshold before it fires
#   missing     treat_missing_data: notBreaching where no data means no traffic
locals {
  # One alarm each, named <name>-<key>.
  service_alarms = {
    target-5xx = {
      description = "rampart answered 5xx more than ${var.thresholds.target_5xx_per_5min} times in 5 minutes (logs: correlation ids of the failed requests)."
      namespace   = "AWS/ApplicationELB", metric = "HTTPCode_Target_5XX_Count", dimensions = local.target
      statistic   = "Sum", period = 300, periods = 1, threshold = var.thresholds.target_5xx_per_5min
      below       = false, missing = "notBreaching"
    }
    elb-5xx = {
      description = "The load balancer itself answered 5xx (no healthy task, or tasks refusing connections)."
      namespace   = "AWS/ApplicationELB", metric = "HTTPCode_ELB_5XX_Count", dimensions = local.alb
      statistic   = "Sum", period = 300, periods = 1, threshold = var.thresholds.target_5xx_per_5min
      below       = false, missing = "notBreaching"
    }
    p99-latency = {
      description = "p99 of the time rampart takes to answer is above ${var.thresholds.p99_latency_seconds} s for 15 minutes."
      namespace   = "AWS/ApplicationELB", metric = "TargetResponseTime", dimensions = local.target
      statistic   = "p99", period = 300, periods = 3, threshold = var.thresholds.p99_latency_seconds
      below       = false, missing = "notBreaching"
    }
    unhealthy-hosts = {
      description = "A task fails /health/ready for 3 minutes (database unreachable, or the task is stuck)."
      namespace   = "AWS/ApplicationELB", metric = "UnHealthyHostCount", dimensions = local.target
      statistic   = "Maximum", period = 60, periods = 3, threshold = 0
      below       = false, missing = "notBreaching"
    }
    cpu = {
      description = "The service's tasks use more than ${var.thresholds.cpu_percent}% CPU for 15 minutes although autoscaling is on: at its maximum?"
      namespace   = "AWS/ECS", metric = "CPUUtilization", dimensions = local.service
      statistic   = "Average", period = 300, periods = 3, threshold = var.thresholds.cpu_percent
      below       = false, missing = "missing"
    }
    memory = {
      description = "The service's tasks use more than ${var.thresholds.memory_percent}% of their memory."
      namespace   = "AWS/ECS", metric = "MemoryUtilization", dimensions = local.service
      statistic   = "Maximum", period = 300, periods = 2, threshold = var.thresholds.memory_percent
      below       = false, missing = "missing"
    }
    db-cpu = {
      description = "The database's CPU is above ${var.thresholds.db_cpu_percent}% for 15 minutes (Performance Insights shows which statements)."
      namespace   = "AWS/RDS", metric = "CPUUtilization", dimensions = local.db
      statistic   = "Average", period = 300, periods = 3, threshold = var.thresholds.db_cpu_percent
      below       = false, missing = "missing"
    }
    db-free-storage = {
      description = "Less than ${var.thresholds.db_free_storage_bytes} bytes of database storage left (autoscaling at its ceiling?)."
      namespace   = "AWS/RDS", metric = "FreeStorageSpace", dimensions = local.db
      statistic   = "Minimum", period = 300, periods = 1, threshold = var.thresholds.db_free_storage_bytes
      below       = true, missing = "missing"
    }
    db-connections = {
      description = "More than ${var.thresholds.db_connections} database connections: tasks x database.pool.max_size near the instance's max_connections."
      namespace   = "AWS/RDS", metric = "DatabaseConnections", dimensions = local.db
      statistic   = "Maximum", period = 300, periods = 2, threshold = var.thresholds.db_connections
      below       = false, missing = "missing"
    }
  }

  # rampart:begin(redis)
  # One alarm per Redis node (<node>-<key>), dimension CacheClusterId.
  redis_alarms = {
    engine-cpu = {
      description = "Redis' engine thread is above ${var.thresholds.redis_engine_cpu_percent}% CPU"
      namespace   = "AWS/ElastiCache", metric = "EngineCPUUtilization", dimension = "CacheClusterId"
      statistic   = "Average", period = 300, periods = 3, threshold = var.thresholds.redis_engine_cpu_percent
      below       = false, missing = "missing"
    }
    memory = {
      description = "Redis uses more than ${var.thresholds.redis_memory_percent}% of its memory (keys are being evicted)"
      namespace   = "AWS/ElastiCache", metric = "DatabaseMemoryUsagePercentage", dimension = "CacheClusterId"
      statistic   = "Maximum", period = 300, periods = 2, threshold = var.thresholds.redis_memory_percent
      below       = false, missing = "missing"
    }
  }
  # rampart:end

  # rampart:begin(sqs)
  # One alarm per queue (<name>-<queue key>-<key>), dimension QueueName.
  queue_alarms = {
    oldest-message = {
      description = "The oldest message waits more than ${var.thresholds.queue_oldest_age_seconds} s: its consumer is down or too slow"
      namespace   = "AWS/SQS", metric = "ApproximateAgeOfOldestMessage", dimension = "QueueName"
      statistic   = "Maximum", period = 300, periods = 1, threshold = var.thresholds.queue_oldest_age_seconds
      below       = false, missing = "notBreaching"
    }
  }
  dlq_alarms = {
    dead-letters = {
      description = "Messages reached this dead-letter queue: list them with `rampart queue dead-letters` and redrive them once fixed (docs/deployment.md)"
      namespace   = "AWS/SQS", metric = "ApproximateNumberOfMessagesVisible", dimension = "QueueName"
      statistic   = "Maximum", period = 300, periods = 1, threshold = 0
      below       = false, missing = "notBreaching"
    }
  }
  # rampart:end

  # The per-resource alarms, each with its one dimension filled in; the description names it.
  per_resource = concat(
    [],  # (none when the service has no per-resource alarms)
    # rampart:begin(redis)
    [for pair in setproduct(var.redis_cluster_ids, keys(local.redis_alarms)) :
    { name = "${pair[0]}-${pair[1]}", alarm = local.redis_alarms[pair[1]], value = pair[0] }],
    # rampart:end
    # rampart:begin(sqs)
    [for pair in setproduct(keys(var.queue_names), keys(local.queue_alarms)) :
    { name = "${var.name}-${pair[0]}-${pair[1]}", alarm = local.queue_alarms[pair[1]], value = var.queue_names[pair[0]] }],
    [for pair in setproduct(keys(var.dlq_names), keys(local.dlq_alarms)) :
    { name = "${var.name}-${pair[0]}-${pair[1]}", alarm = local.dlq_alarms[pair[1]], value = var.dlq_names[pair[0]] }],
    # rampart:end
  )

  alarms = merge(
    { for key, alarm in local.service_alarms : "${var.name}-${key}" => merge(alarm, {
      dimensions = tomap(alarm.dimensions)
    }) },
    { for r in local.per_resource : r.name => {
      description = "${r.alarm.description} on ${r.value}."
      namespace   = r.alarm.namespace, metric = r.alarm.metric
      dimensions  = tomap({ (r.alarm.dimension) = r.value })
      statistic   = r.alarm.statistic, period = r.alarm.period, periods = r.alarm.periods
      threshold   = r.alarm.threshold, below = r.alarm.below, missing = r.alarm.missing
    } },
  )
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each            = local.alarms
  alarm_name          = each.key
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  dimensions          = each.value.dimensions
  statistic           = startswith(each.value.statistic, "p") ? null : each.value.statistic
  extended_statistic  = startswith(each.value.statistic, "p") ? each.value.statistic : null
  period              = each.value.period
  evaluation_periods  = each.value.periods
  threshold           = each.value.threshold
  comparison_operator = each.value.below ? "LessThanThreshold" : "GreaterThanThreshold"
  treat_missing_data  = each.value.missing
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
  tags                = var.tags
}
