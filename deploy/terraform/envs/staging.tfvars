# staging: what makes this environment, as values of deploy/terraform/service (whose variables.tf
# declares each). Its state's key: staging.backend.hcl. image and version_label are given by the
# pipeline (-var), never kept here.
environment = "staging"
rampart_env = "staging"

# The account: replace the examples (docs/deployment.md, "First apply").
region                   = "us-east-1"
account_id               = "222222222222"
ecr_repository_arn       = "arn:aws:ecr:us-east-1:999999999999:repository/rampart"
domain_name              = "rampart.staging.example.com"
route53_zone_id          = "Z0000000000000000000"
# rampart:begin(iam)
admin_email              = "admin@example.com"
# rampart:else
# # The issuer whose access tokens the service accepts (its keys: <issuer>/.well-known/jwks.json).
# auth_issuer              = "https://id.staging.example.com"
# rampart:end
alarm_email              = ""
ci_plan_principal_arns   = ["arn:aws:iam::999999999999:role/ci-rampart-plan"]
ci_deploy_principal_arns = ["arn:aws:iam::999999999999:role/ci-rampart-deploy"]

# Staging: production's shape at a smaller size (two tasks, the interface endpoints, traces to
# X-Ray), a single-AZ database.
# Redis with a replica and failover.  # rampart:only(redis)
network = {
  cidr_block          = "10.20.0.0/16"
  az_count            = 2
  nat_gateway_count   = 1
# rampart:begin(sqs)
  interface_endpoints = ["ecr.api", "ecr.dkr", "secretsmanager", "sqs", "logs"]
# rampart:else
#   interface_endpoints = ["ecr.api", "ecr.dkr", "secretsmanager", "logs"]
# rampart:end
}
service = {
  cpu                 = 512
  memory              = 1024
  desired_count       = 2
  min_count           = 2
  max_count           = 4
  requests_per_target = 2000
  fargate_spot        = false
  db_pool_max_size    = 16
}
database = {
  instance_class                      = "db.t4g.small"
  allocated_storage_gb                = 20
  max_allocated_storage_gb            = 100
  multi_az                            = false
  backup_retention_days               = 7
  performance_insights_retention_days = 7
  monitoring_interval_seconds         = 60
  password_rotation_days              = 30
}
# rampart:begin(redis)
redis = {
  node_type               = "cache.t4g.small"
  node_count              = 2
  snapshot_retention_days = 1
}
# rampart:end
# rampart:begin(sqs)
queues = {
  max_receive_count          = 5
  visibility_timeout_seconds = 30
  retention_seconds          = 345600
  dlq_retention_seconds      = 1209600
}
# rampart:end
log_retention_days   = 30
deletion_protection  = true
otel_collector_image = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3"
thresholds = {
  target_5xx_per_5min      = 10
  p99_latency_seconds      = 0.5
  cpu_percent              = 85
  memory_percent           = 85
  db_cpu_percent           = 85
  db_free_storage_bytes    = 5368709120
  db_connections           = 120
  redis_engine_cpu_percent = 80  # rampart:only(redis)
  redis_memory_percent     = 80  # rampart:only(redis)
  queue_oldest_age_seconds = 600  # rampart:only(sqs)
}
