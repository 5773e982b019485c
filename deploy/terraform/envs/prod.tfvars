# prod: what makes this environment, as values of deploy/terraform/service (whose variables.tf
# declares each). Its state's key: prod.backend.hcl. image and version_label are given by the
# pipeline (-var), never kept here.
environment = "prod"
rampart_env = "production"

# The account: replace the examples (docs/deployment.md, "First apply").
region                   = "us-east-1"
account_id               = "333333333333"
ecr_repository_arn       = "arn:aws:ecr:us-east-1:999999999999:repository/rampart"
domain_name              = "rampart.example.com"
route53_zone_id          = "Z0000000000000000000"
# rampart:begin(iam)
admin_email              = "admin@example.com"
# rampart:else
# # The issuer whose access tokens the service accepts (its keys: <issuer>/.well-known/jwks.json).
# auth_issuer              = "https://id.example.com"
# rampart:end
alarm_email              = ""
ci_plan_principal_arns   = ["arn:aws:iam::999999999999:role/ci-rampart-plan"]
ci_deploy_principal_arns = ["arn:aws:iam::999999999999:role/ci-rampart-deploy"]

# Production: three AZs with a NAT gateway each, at least three tasks (one per AZ) scaling
# to twelve, a Multi-AZ database, traces to X-Ray, long retention, deletion protection.
# Redis with a replica and failover.  # rampart:only(redis)
network = {
  cidr_block          = "10.30.0.0/16"
  az_count            = 3
  nat_gateway_count   = 3
# rampart:begin(sqs)
  interface_endpoints = ["ecr.api", "ecr.dkr", "secretsmanager", "sqs", "logs"]
# rampart:else
#   interface_endpoints = ["ecr.api", "ecr.dkr", "secretsmanager", "logs"]
# rampart:end
}
service = {
  cpu                 = 1024
  memory              = 2048
  desired_count       = 3
  min_count           = 3
  max_count           = 12
  requests_per_target = 3000
  fargate_spot        = false
  db_pool_max_size    = 16
}
database = {
  instance_class                      = "db.m7g.large"
  allocated_storage_gb                = 100
  max_allocated_storage_gb            = 500
  multi_az                            = true
  backup_retention_days               = 14
  performance_insights_retention_days = 7
  monitoring_interval_seconds         = 60
  password_rotation_days              = 30
}
# rampart:begin(redis)
redis = {
  node_type               = "cache.m7g.large"
  node_count              = 2
  snapshot_retention_days = 7
}
# rampart:end
# rampart:begin(sqs)
queues = {
  max_receive_count          = 5
  visibility_timeout_seconds = 30
  retention_seconds          = 1209600
  dlq_retention_seconds      = 1209600
}
# rampart:end
log_retention_days   = 90
deletion_protection  = true
otel_collector_image = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3"
thresholds = {
  target_5xx_per_5min      = 5
  p99_latency_seconds      = 0.25
  cpu_percent              = 80
  memory_percent           = 80
  db_cpu_percent           = 80
  db_free_storage_bytes    = 21474836480
  db_connections           = 500
  redis_engine_cpu_percent = 75  # rampart:only(redis)
  redis_memory_percent     = 75  # rampart:only(redis)
  queue_oldest_age_seconds = 300  # rampart:only(sqs)
}
