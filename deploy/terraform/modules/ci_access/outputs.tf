output "plan_role_arn" {
  description = "Role CI assumes for terraform plan and the drift check."
  value       = aws_iam_role.plan.arn
}

output "deploy_role_arn" {
  description = "Role CI assumes for terraform apply."
  value       = aws_iam_role.deploy.arn
}
