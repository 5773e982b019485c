output "log_group_name" {
  description = "Log group of the service's containers."
  value       = aws_cloudwatch_log_group.app.name
}

output "log_group_arn" {
  description = "ARN of that log group."
  value       = aws_cloudwatch_log_group.app.arn
}

# rampart:begin(redis)
output "redis_log_group_name" {
  description = "Log group of Redis' slow log."
  value       = aws_cloudwatch_log_group.redis_slow.name
}
# rampart:end

output "alerts_topic_arn" {
  description = "SNS topic every alarm notifies."
  value       = aws_sns_topic.alerts.arn
}

output "dashboard_name" {
  description = "The CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.this.dashboard_name
}
