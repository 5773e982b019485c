output "execution_role_arn" {
  description = "Role of the ECS agent for the tasks."
  value       = aws_iam_role.execution.arn
}

output "task_role_arn" {
  description = "Role of rampart inside its tasks."
  value       = aws_iam_role.task.arn
}
