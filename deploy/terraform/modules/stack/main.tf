# One environment of rampart: the modules wired together. deploy/terraform/service calls this
# with the sizing of envs/<env>.tfvars; everything that differs between environments is an input.

locals {
  name = "rampart-${var.environment}"
  tags = merge(var.tags, { Service = "rampart", Environment = var.environment })

  # Graceful shutdown, end to end (docs/deployment.md, "Rolling deployments"):
  #   the load balancer stops routing to a leaving task and gives its in-flight requests
  #   deregistration_delay (>= server.read_timeout 15 s) → ECS sends SIGTERM → rampart stops
  #   accepting, drains within shutdown_timeout, flushes outbox and spans (otlp_shutdown_timeout
  #   3 s) → exits 0 before stop_timeout → SIGKILL would follow only after that.
  shutdown_timeout_seconds     = 25
  deregistration_delay_seconds = 30
  stop_timeout_seconds         = local.shutdown_timeout_seconds + 10
  container_port               = 8080
}

module "network" {
  source              = "../network"
  name                = local.name
  cidr_block          = var.network.cidr_block
  az_count            = var.network.az_count
  nat_gateway_count   = var.network.nat_gateway_count
  interface_endpoints = var.network.interface_endpoints
  app_port            = local.container_port
  tags                = local.tags
}

module "secrets" {
  source               = "../secrets"
  name                 = local.name
  recovery_window_days = var.deletion_protection ? 30 : 0
  tags                 = local.tags
}

module "observability" {
  source                  = "../observability"
  name                    = local.name
  log_retention_days      = var.log_retention_days
  kms_key_arn             = module.secrets.kms_key_arn
  alarm_email             = var.alarm_email
  alb_arn_suffix          = module.alb.arn_suffix
  target_group_arn_suffix = module.alb.target_group_arn_suffix
  cluster_name            = local.name
  service_name            = local.name
  db_instance_identifier  = module.database.identifier
  redis_cluster_ids       = module.redis.member_cluster_ids  # rampart:only(redis)
  queue_names             = module.queues.queue_names  # rampart:only(sqs)
  dlq_names               = module.queues.dlq_names  # rampart:only(sqs)
  thresholds              = var.thresholds
  tags                    = local.tags
}

module "database" {
  source                              = "../rds_postgres"
  name                                = local.name
  subnet_ids                          = module.network.data_subnet_ids
  security_group_id                   = module.network.db_security_group_id
  instance_class                      = var.database.instance_class
  allocated_storage_gb                = var.database.allocated_storage_gb
  max_allocated_storage_gb            = var.database.max_allocated_storage_gb
  multi_az                            = var.database.multi_az
  backup_retention_days               = var.database.backup_retention_days
  performance_insights_retention_days = var.database.performance_insights_retention_days
  monitoring_interval_seconds         = var.database.monitoring_interval_seconds
  password_rotation_days              = var.database.password_rotation_days
  deletion_protection                 = var.deletion_protection
  kms_key_arn                         = module.secrets.kms_key_arn
  tags                                = local.tags
}

# rampart:begin(redis)
module "redis" {
  source                  = "../elasticache_redis"
  name                    = local.name
  subnet_ids              = module.network.data_subnet_ids
  security_group_id       = module.network.redis_security_group_id
  node_type               = var.redis.node_type
  node_count              = var.redis.node_count
  snapshot_retention_days = var.redis.snapshot_retention_days
  kms_key_arn             = module.secrets.kms_key_arn
  log_group_name          = module.observability.redis_log_group_name
  recovery_window_days    = var.deletion_protection ? 30 : 0
  tags                    = local.tags
}
# rampart:end

# rampart:begin(sqs)
# mail: the outbox's mail messages (FIFO: per-aggregate order, deduplicated by message id);
# events: the CloudEvents other services consume (FIFO for the same reasons).
module "queues" {
  source      = "../sqs"
  name        = local.name
  kms_key_arn = module.secrets.kms_key_arn
  tags        = local.tags
  queues = {
    mail   = merge(var.queues, { fifo = true })
    events = merge(var.queues, { fifo = true })
  }
}
# rampart:end

module "alb" {
  source                       = "../alb"
  name                         = local.name
  vpc_id                       = module.network.vpc_id
  subnet_ids                   = module.network.public_subnet_ids
  security_group_id            = module.network.alb_security_group_id
  certificate_arn              = aws_acm_certificate_validation.this.certificate_arn
  app_port                     = local.container_port
  deregistration_delay_seconds = local.deregistration_delay_seconds
  deletion_protection          = var.deletion_protection
  tags                         = local.tags
}

module "iam" {
  source               = "../iam"
  name                 = local.name
  ecr_repository_arn   = var.ecr_repository_arn
  log_group_arn        = module.observability.log_group_arn
  kms_key_arn          = module.secrets.kms_key_arn
  injected_secret_arns = local.injected_secret_arns
  send_queue_arns      = values(module.queues.queue_arns)  # rampart:only(sqs)
  consume_queue_arns   = [module.queues.queue_arns["mail"]]  # rampart:only(sqs)
  dlq_arns             = values(module.queues.dlq_arns)  # rampart:only(sqs)
  keys_secret_arn      = module.secrets.keys_secret_arn  # rampart:only(iam)
  enable_xray          = var.otel_collector_image != ""
  # rampart:begin(iam)
  # The optional schedule of `rampart keys rotate` (EventBridge Scheduler runs the keys task).
  enable_key_rotation_schedule = var.key_rotation_days > 0
  # rampart:end
  tags                         = local.tags
}

module "service" {
  source                  = "../ecs"
  name                    = local.name
  region                  = var.region
  image                   = var.image
  cpu                     = var.service.cpu
  memory                  = var.service.memory
  desired_count           = var.service.desired_count
  min_count               = var.service.min_count
  max_count               = var.service.max_count
  requests_per_target     = var.service.requests_per_target
  fargate_spot            = var.service.fargate_spot
  subnet_ids              = module.network.app_subnet_ids
  security_group_id       = module.network.app_security_group_id
  target_group_arn        = module.alb.target_group_arn
  alb_arn_suffix          = module.alb.arn_suffix
  target_group_arn_suffix = module.alb.target_group_arn_suffix
  execution_role_arn      = module.iam.execution_role_arn
  task_role_arn           = module.iam.task_role_arn
  log_group_name          = module.observability.log_group_name
  container_port          = local.container_port
  environment             = local.app_environment
  secrets                 = local.app_secrets
  keys_task_role_arn      = module.iam.keys_task_role_arn  # rampart:only(iam)
  key_rotation_days       = var.key_rotation_days  # rampart:only(iam)
  scheduler_role_arn      = module.iam.scheduler_role_arn  # rampart:only(iam)
  stop_timeout_seconds    = local.stop_timeout_seconds
  otel_collector_image    = var.otel_collector_image
  tags                    = local.tags
  # The target group must belong to a listener before a service can register in it.
  depends_on = [module.alb]
}
