output "cluster_name" {
  description = "The ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "service_name" {
  description = "The ECS service."
  value       = aws_ecs_service.this.name
}

output "task_definition_arn" {
  description = "The service's current task definition."
  value       = aws_ecs_task_definition.app.arn
}

output "migrate_task_definition_arn" {
  description = "The one-off `rampart migrate` task (aws ecs run-task)."
  value       = aws_ecs_task_definition.migrate.arn
}

# rampart:begin(iam)
output "keys_task_definition_arn" {
  description = "The one-off `rampart keys rotate` task (aws ecs run-task; override the command for `keys list` or `keys retire`)."
  value       = aws_ecs_task_definition.keys.arn
}
# rampart:end
