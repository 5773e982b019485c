output "arn_suffix" {
  description = "The load balancer's CloudWatch dimension (LoadBalancer)."
  value       = aws_lb.this.arn_suffix
}

output "dns_name" {
  description = "The load balancer's DNS name (alias target)."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "The load balancer's hosted zone (alias target)."
  value       = aws_lb.this.zone_id
}

output "target_group_arn" {
  description = "Target group the ECS service registers its tasks in."
  value       = aws_lb_target_group.app.arn
}

output "target_group_arn_suffix" {
  description = "The target group's CloudWatch dimension (TargetGroup)."
  value       = aws_lb_target_group.app.arn_suffix
}

output "https_listener_arn" {
  description = "The HTTPS listener (the ECS service depends on it)."
  value       = aws_lb_listener.https.arn
}
