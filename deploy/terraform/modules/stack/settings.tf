# The service's configuration in the task: plain settings as environment variables, secrets
# injected by the ECS agent from Secrets Manager (docs/deployment.md lists them all).

locals {
  database_url = "postgresql://${module.database.username}@${module.database.address}:${module.database.port}/${module.database.database_name}?sslmode=require"

  app_environment = merge(
    {
      RAMPART_ENV                    = var.rampart_env
      RAMPART_LISTEN                 = "0.0.0.0:${local.container_port}"
      RAMPART_DATA_DIR               = "/var/lib/rampart"
      RAMPART_DATABASE_URL           = local.database_url
      RAMPART_DATABASE_POOL_MAX_SIZE = tostring(var.service.db_pool_max_size)
      # rampart:begin(iam)
      RAMPART_JWT_ISSUER             = "https://${var.domain_name}"
      # The signing keys' secret, by reference (no secret itself): rampart reads it with the
      # task role, which may read but not write it, and polls it for rotations.
      RAMPART_JWT_KEYS_SECRET = "aws-sm:${module.secrets.keys_secret_arn}"
      RAMPART_ADMIN_EMAIL     = var.admin_email
      # rampart:else
      # RAMPART_JWT_ISSUER             = var.auth_issuer
      # rampart:end
      RAMPART_BEHIND_TLS      = "true"
      # Only the load balancer's nodes (in the public subnets) may set X-Forwarded-For.
      RAMPART_TRUSTED_PROXIES  = join(",", module.network.public_subnet_cidrs)
      RAMPART_SHUTDOWN_TIMEOUT = "${local.shutdown_timeout_seconds}s"
      RAMPART_METRICS_ACCESS   = "token"
      DD_SERVICE               = "rampart"
      DD_ENV                   = var.environment
      DD_VERSION               = var.version_label
      AWS_REGION               = var.region
    },
    var.otel_collector_image == "" ? {} : { RAMPART_OTLP_ENDPOINT = "http://127.0.0.1:4318" },
    # rampart:begin(sqs)
    # The queue URLs select SQS instead of the embedded queues (docs/events.md).
    {
      RAMPART_QUEUE_URL        = module.queues.queue_urls["mail"]
      RAMPART_EVENTS_QUEUE_URL = module.queues.queue_urls["events"]
    },
    # rampart:end
    var.settings,
  )

  app_secrets = merge(
    {
      # libpq reads PGPASSWORD when the URL has no password: the RDS-managed master password.
      PGPASSWORD                 = "${module.database.master_secret_arn}:password::"
      RAMPART_REDIS_URL          = "${module.redis.secret_arn}:url::"  # rampart:only(redis)
      RAMPART_ADMIN_PASSWORD     = module.secrets.admin_password_arn  # rampart:only(iam)
      RAMPART_METRICS_TOKEN      = module.secrets.metrics_token_arn
      RAMPART_MFA_ENCRYPTION_KEY = module.secrets.mfa_encryption_key_arn  # rampart:only(iam)
      RAMPART_SMTP_URL           = module.secrets.smtp_url_arn
    },
  )

  injected_secret_arns = [
    module.database.master_secret_arn,
    module.redis.secret_arn,  # rampart:only(redis)
    module.secrets.admin_password_arn,  # rampart:only(iam)
    module.secrets.metrics_token_arn,
    module.secrets.mfa_encryption_key_arn,  # rampart:only(iam)
    module.secrets.smtp_url_arn,
  ]
}
