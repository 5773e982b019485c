# One dashboard: traffic and errors, latency, the service's resources, the database and the other
# managed dependencies, side by side on one time axis. Each panel is data (title, statistic, metrics);
# the panels are laid out two per row in the order written.

data "aws_region" "current" {}

locals {
  panels = [
    { title = "Requests and errors", stat = "Sum", metrics = [
      ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", var.alb_arn_suffix],
      ["AWS/ApplicationELB", "HTTPCode_Target_4XX_Count", "LoadBalancer", var.alb_arn_suffix],
      ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", var.alb_arn_suffix],
      ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", var.alb_arn_suffix],
    ] },
    { title = "Latency (p50, p99)", stat = "p50", metrics = [
      ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", var.alb_arn_suffix, { stat = "p50" }],
      ["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", var.alb_arn_suffix, { stat = "p99" }],
    ] },
    { title = "Service CPU and memory (%)", stat = "Average", metrics = [
      ["AWS/ECS", "CPUUtilization", "ClusterName", var.cluster_name, "ServiceName", var.service_name],
      ["AWS/ECS", "MemoryUtilization", "ClusterName", var.cluster_name, "ServiceName", var.service_name],
    ] },
    { title = "Healthy and unhealthy tasks", stat = "Maximum", metrics = [
      ["AWS/ApplicationELB", "HealthyHostCount", "TargetGroup", var.target_group_arn_suffix, "LoadBalancer", var.alb_arn_suffix],
      ["AWS/ApplicationELB", "UnHealthyHostCount", "TargetGroup", var.target_group_arn_suffix, "LoadBalancer", var.alb_arn_suffix],
    ] },
    { title = "PostgreSQL", stat = "Average", metrics = [
      ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", var.db_instance_identifier],
      ["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", var.db_instance_identifier],
      ["AWS/RDS", "ReadLatency", "DBInstanceIdentifier", var.db_instance_identifier],
      ["AWS/RDS", "WriteLatency", "DBInstanceIdentifier", var.db_instance_identifier],
    ] },
    # rampart:begin(redis)
    { title = "Redis engine CPU (%)", stat = "Average", metrics = [
      for id in var.redis_cluster_ids : ["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", id]
    ] },
    # rampart:end
    # rampart:begin(sqs)
    { title = "Queues: age of the oldest message (s)", stat = "Maximum", metrics = [
      for name in values(var.queue_names) : ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", name]
    ] },
    { title = "Dead-letter queues: messages", stat = "Maximum", metrics = [
      for name in values(var.dlq_names) : ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", name]
    ] },
    # rampart:end
  ]
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = var.name
  dashboard_body = jsonencode({
    widgets = [for i, panel in local.panels : {
      type = "metric", x = (i % 2) * 12, y = floor(i / 2) * 6, width = 12, height = 6
      properties = {
        title   = panel.title
        region  = data.aws_region.current.region
        stat    = panel.stat
        period  = 60
        metrics = panel.metrics
      }
    }]
  })
}
