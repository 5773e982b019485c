output "execution_role_arn" {
  description = "Role of the ECS agent for the tasks."
  value       = aws_iam_role.execution.arn
}

output "task_role_arn" {
  description = "Role of rampart inside its tasks."
  value       = aws_iam_role.task.arn
}

# rampart:begin(iam)
output "keys_task_role_arn" {
  description = "Role of the one-off `rampart keys` task (the only one that writes the signing keys)."
  value       = aws_iam_role.keys.arn
}

output "scheduler_role_arn" {
  description = "Role EventBridge Scheduler runs the keys task with (empty without a schedule)."
  value       = var.enable_key_rotation_schedule ? aws_iam_role.scheduler[0].arn : ""
}
# rampart:end
