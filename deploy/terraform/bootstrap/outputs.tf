output "state_bucket" {
  description = "terraform init -backend-config=bucket=<this> in each environment."
  value       = aws_s3_bucket.state.bucket
}

output "ecr_repository_url" {
  description = "Where the pipeline pushes the image (AWS_ECR_REPOSITORY_URL)."
  value       = aws_ecr_repository.rampart.repository_url
}

output "ecr_repository_arn" {
  description = "The environments' ecr_repository_arn."
  value       = aws_ecr_repository.rampart.arn
}

output "ci_plan_role_arn" {
  description = "GitHub variable AWS_CI_PLAN_ROLE_ARN, and the environments' ci_plan_principal_arns."
  value       = aws_iam_role.ci_plan.arn
}

output "ci_deploy_role_arn" {
  description = "GitHub variable AWS_CI_DEPLOY_ROLE_ARN, and the environments' ci_deploy_principal_arns."
  value       = aws_iam_role.ci_deploy.arn
}
