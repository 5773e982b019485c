# One dashboard: traffic and errors, latency, the service's resources, the database and the other
# managed dependencies, side by side on one time axis.

data "aws_region" "current" {}

locals {
  region = data.aws_region.current.region
  widget = { width = 12, height = 6 }
  # rampart:begin(redis)
  redis_cpu_metrics = [
    for id in var.redis_cluster_ids : ["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", id]
  ]
  # rampart:end
  # rampart:begin(sqs)
  queue_age_metrics = [
    for name in values(var.queue_names) : ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", name]
  ]
  dlq_metrics = [
    for name in values(var.dlq_names) : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", name]
  ]
  # rampart:end
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name
  dashboard_body = jsonencode({
    widgets = [
      merge(local.widget, {
        type = "metric", x = 0, y = 0
        properties = {
          title  = "Requests and errors"
          region = local.region
          stat   = "Sum"
          period = 60
          metrics = [
            ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", var.alb_arn_suffix],
            ["AWS/ApplicationELB", "HTTPCode_Target_4XX_Count", "LoadBalancer", var.alb_arn_suffix],
            ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", var.alb_arn_suffix],
            ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", var.alb_arn_suffix],
          ]
        }
      }),
      merge(local.widget, {
        type = "metric", x = 12, y = 0
        properties = {
          title  = "Latency (p50, p99)"
          region = local.region
          period = 60
          metrics = [
            ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", var.alb_arn_suffix, { stat = "p50" }],
            ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", var.alb_arn_suffix, { stat = "p99" }],
          ]
        }
      }),
      merge(local.widget, {
        type = "metric", x = 0, y = 6
        properties = {
          title  = "Service CPU and memory (%)"
          region = local.region
          stat   = "Average"
          period = 60
          metrics = [
            ["AWS/ECS", "CPUUtilization", "ClusterName", var.cluster_name, "ServiceName", var.service_name],
            ["AWS/ECS", "MemoryUtilization", "ClusterName", var.cluster_name, "ServiceName", var.service_name],
          ]
        }
      }),
      merge(local.widget, {
        type = "metric", x = 12, y = 6
        properties = {
          title  = "Healthy and unhealthy tasks"
          region = local.region
          stat   = "Maximum"
          period = 60
          metrics = [
            ["AWS/ApplicationELB", "HealthyHostCount", "TargetGroup", var.target_group_arn_suffix, "LoadBalancer", var.alb_arn_suffix],
            ["AWS/ApplicationELB", "UnHealthyHostCount", "TargetGroup", var.target_group_arn_suffix, "LoadBalancer", var.alb_arn_suffix],
          ]
        }
      }),
      merge(local.widget, {
        type = "metric", x = 0, y = 12
        properties = {
          title  = "PostgreSQL"
          region = local.region
          stat   = "Average"
          period = 60
          metrics = [
            ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", var.db_instance_identifier],
            ["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", var.db_instance_identifier],
            ["AWS/RDS", "ReadLatency", "DBInstanceIdentifier", var.db_instance_identifier],
            ["AWS/RDS", "WriteLatency", "DBInstanceIdentifier", var.db_instance_identifier],
          ]
        }
      }),
      # rampart:begin(redis)
      merge(local.widget, {
        type = "metric", x = 12, y = 12
        properties = {
          title   = "Redis engine CPU (%)"
          region  = local.region
          stat    = "Average"
          period  = 60
          metrics = local.redis_cpu_metrics
        }
      }),
      # rampart:end
      # rampart:begin(sqs)
      merge(local.widget, {
        type = "metric", x = 0, y = 18
        properties = {
          title   = "Queues: age of the oldest message (s)"
          region  = local.region
          stat    = "Maximum"
          period  = 60
          metrics = local.queue_age_metrics
        }
      }),
      merge(local.widget, {
        type = "metric", x = 12, y = 18
        properties = {
          title   = "Dead-letter queues: messages"
          region  = local.region
          stat    = "Maximum"
          period  = 60
          metrics = local.dlq_metrics
        }
      }),
      # rampart:end
    ]
  })
}
