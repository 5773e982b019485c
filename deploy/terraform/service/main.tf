# One environment of rampart: the stack and the roles CI assumes in the environment's account.
# Every environment is this configuration; which one, and its sizing, come from the variable
# file envs/<env>.tfvars, its state from envs/<env>.backend.hcl (docs/deployment.md).

module "rampart" {
  source               = "../modules/stack"
  environment          = var.environment
  rampart_env          = var.rampart_env
  region               = var.region
  image                = var.image
  version_label        = var.version_label
  ecr_repository_arn   = var.ecr_repository_arn
  domain_name          = var.domain_name
  route53_zone_id      = var.route53_zone_id
  # rampart:begin(iam)
  admin_email          = var.admin_email
  # rampart:else
  # auth_issuer          = var.auth_issuer
  # rampart:end
  alarm_email          = var.alarm_email
  network              = var.network
  service              = var.service
  database             = var.database
  redis                = var.redis  # rampart:only(redis)
  queues               = var.queues  # rampart:only(sqs)
  log_retention_days   = var.log_retention_days
  deletion_protection  = var.deletion_protection
  otel_collector_image = var.otel_collector_image
  thresholds           = var.thresholds
  settings             = var.settings
  key_rotation_days    = var.key_rotation_days  # rampart:only(iam)
}

module "ci_access" {
  source                = "../modules/ci_access"
  environment           = var.environment
  plan_principal_arns   = var.ci_plan_principal_arns
  deploy_principal_arns = var.ci_deploy_principal_arns
}
