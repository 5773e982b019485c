output "url" {
  description = "The service's public URL."
  value       = module.rampart.url
}

output "cluster_name" {
  description = "ECS cluster."
  value       = module.rampart.cluster_name
}

output "service_name" {
  description = "ECS service."
  value       = module.rampart.service_name
}

output "migrate_task_definition_arn" {
  description = "The one-off `rampart migrate` task."
  value       = module.rampart.migrate_task_definition_arn
}

output "app_subnet_ids" {
  description = "Subnets for aws ecs run-task."
  value       = module.rampart.app_subnet_ids
}

output "app_security_group_id" {
  description = "Security group for aws ecs run-task."
  value       = module.rampart.app_security_group_id
}

# rampart:begin(iam)
output "keys_secret_arn" {
  description = "The signing keys' secret (written by the keys task, read by the service)."
  value       = module.rampart.keys_secret_arn
}

output "keys_task_definition_arn" {
  description = "The one-off `rampart keys rotate` task (run it once before the first deployment)."
  value       = module.rampart.keys_task_definition_arn
}
# rampart:end

output "smtp_url_secret_arn" {
  description = "Secret to put the SMTP relay URL into."
  value       = module.rampart.smtp_url_secret_arn
}

# rampart:begin(iam)
output "admin_password_secret_arn" {
  description = "The first administrator's generated password."
  value       = module.rampart.admin_password_secret_arn
}
# rampart:end

output "alerts_topic_arn" {
  description = "SNS topic of the alarms."
  value       = module.rampart.alerts_topic_arn
}

output "ci_plan_role_arn" {
  description = "Role CI assumes here for plan and drift checks."
  value       = module.ci_access.plan_role_arn
}

output "ci_deploy_role_arn" {
  description = "Role CI assumes here for apply."
  value       = module.ci_access.deploy_role_arn
}
