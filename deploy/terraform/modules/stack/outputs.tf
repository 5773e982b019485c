output "url" {
  # rampart:begin(iam)
  description = "The service's public URL (the token issuer)."
  # rampart:else
  # description = "The service's public URL."
  # rampart:end
  value       = "https://${var.domain_name}"
}

output "cluster_name" {
  description = "ECS cluster (aws ecs run-task for the migration task)."
  value       = module.service.cluster_name
}

output "service_name" {
  description = "ECS service."
  value       = module.service.service_name
}

output "migrate_task_definition_arn" {
  description = "The one-off `rampart migrate` task."
  value       = module.service.migrate_task_definition_arn
}

output "app_subnet_ids" {
  description = "Subnets for aws ecs run-task."
  value       = module.network.app_subnet_ids
}

output "app_security_group_id" {
  description = "Security group for aws ecs run-task."
  value       = module.network.app_security_group_id
}

# rampart:begin(iam)
output "keys_secret_arn" {
  description = "The signing keys' secret (written by the keys task; no value from Terraform)."
  value       = module.secrets.keys_secret_arn
}

output "keys_task_definition_arn" {
  description = "The one-off `rampart keys rotate` task (run it once before the first deployment)."
  value       = module.service.keys_task_definition_arn
}
# rampart:end

output "smtp_url_secret_arn" {
  description = "Put the SMTP relay URL here before the first deployment (RAMPART_SMTP_URL)."
  value       = module.secrets.smtp_url_arn
}

# rampart:begin(iam)
output "admin_password_secret_arn" {
  description = "The first administrator's generated password."
  value       = module.secrets.admin_password_arn
}
# rampart:end

output "database_master_secret_arn" {
  description = "RDS-managed master credentials (rotated)."
  value       = module.database.master_secret_arn
}

# rampart:begin(sqs)
output "queue_urls" {
  description = "Queue URLs by short name."
  value       = module.queues.queue_urls
}
# rampart:end

output "alerts_topic_arn" {
  description = "SNS topic of the alarms."
  value       = module.observability.alerts_topic_arn
}

output "dashboard_name" {
  description = "The CloudWatch dashboard."
  value       = module.observability.dashboard_name
}
