# Redis 7 on ElastiCache for the shared cache and rate limits: a replication group with TLS in
# transit, encryption at rest, an AUTH token kept in Secrets Manager, and automatic failover
# across AZs when it has a replica.

resource "random_password" "auth_token" {
  length  = 64
  special = false
}

# The AUTH token lives in Secrets Manager; the replication group takes it from there.
resource "aws_secretsmanager_secret" "auth_token" {
  name                    = "${var.name}/redis-auth-token"
  description             = "ElastiCache AUTH token of ${var.name}."
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "auth_token" {
  secret_id     = aws_secretsmanager_secret.auth_token.id
  secret_string = random_password.auth_token.result
}

# What rampart reads (RAMPART_REDIS_URL): the rediss:// URL with the token and the primary
# endpoint (a failover keeps the name).
resource "aws_secretsmanager_secret" "redis" {
  name                    = "${var.name}/redis"
  description             = "The rediss:// URL rampart connects with (RAMPART_REDIS_URL), JSON key url."
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "redis" {
  secret_id = aws_secretsmanager_secret.redis.id
  secret_string = jsonencode({
    url = "rediss://:${aws_secretsmanager_secret_version.auth_token.secret_string}@${aws_elasticache_replication_group.this.primary_endpoint_address}:6379/0"
  })
}

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
  tags       = var.tags
}

resource "aws_elasticache_parameter_group" "this" {
  name   = "${var.name}-redis7"
  family = "redis7"
  tags   = var.tags

  # Every key rampart writes has a TTL (cache entries, rate-limit buckets): under memory
  # pressure evict the least recently used of those.
  parameter {
    name  = "maxmemory-policy"
    value = "volatile-lru"
  }
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.name
  description          = "${var.name}: shared cache and rate limits"
  engine               = "redis"
  engine_version       = var.engine_version
  node_type            = var.node_type
  num_cache_clusters   = var.node_count
  port                 = 6379
  parameter_group_name = aws_elasticache_parameter_group.this.name
  subnet_group_name    = aws_elasticache_subnet_group.this.name
  security_group_ids   = [var.security_group_id]

  automatic_failover_enabled = var.node_count > 1
  multi_az_enabled           = var.node_count > 1

  transit_encryption_enabled = true
  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  auth_token                 = aws_secretsmanager_secret_version.auth_token.secret_string
  auth_token_update_strategy = "ROTATE"

  snapshot_retention_limit   = var.snapshot_retention_days
  maintenance_window         = var.maintenance_window
  auto_minor_version_upgrade = true
  apply_immediately          = false
  tags                       = var.tags

  log_delivery_configuration {
    destination      = var.log_group_name
    destination_type = "cloudwatch-logs"
    log_format       = "json"
    log_type         = "slow-log"
  }
}
