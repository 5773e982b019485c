# dev: what makes this environment, as values of deploy/terraform/service (whose variables.tf
# declares each). Its state's key: dev.backend.hcl. image and version_label are given by the
# pipeline (-var), never kept here.
environment = "dev"
rampart_env = "development"

# The account: replace the examples (docs/deployment.md, "First apply").
region                   = "us-east-1"
account_id               = "111111111111"
ecr_repository_arn       = "arn:aws:ecr:us-east-1:999999999999:repository/rampart"
domain_name              = "rampart.dev.example.com"
route53_zone_id          = "Z0000000000000000000"
# rampart:begin(iam)
admin_email              = "admin@example.com"
# rampart:else
# # The issuer whose access tokens the service accepts (its keys: <issuer>/.well-known/jwks.json).
# auth_issuer              = "https://id.dev.example.com"
# rampart:end
alarm_email              = ""
ci_plan_principal_arns   = ["arn:aws:iam::999999999999:role/ci-rampart-plan"]
ci_deploy_principal_arns = ["arn:aws:iam::999999999999:role/ci-rampart-deploy"]

# Development: the smallest sizes, one AZ's worth of everything that costs per hour, Spot
# tasks, no interface endpoints (the NAT gateway carries the AWS API calls), short retention,
# nothing protected from deletion.
network = {
  cidr_block          = "10.10.0.0/16"
  az_count            = 2
  nat_gateway_count   = 1
  interface_endpoints = []
}
service = {
  cpu                 = 256
  memory              = 512
  desired_count       = 1
  min_count           = 1
  max_count           = 2
  requests_per_target = 1000
  fargate_spot        = true
  db_pool_max_size    = 8
}
database = {
  instance_class                      = "db.t4g.micro"
  allocated_storage_gb                = 20
  max_allocated_storage_gb            = 50
  multi_az                            = false
  backup_retention_days               = 1
  performance_insights_retention_days = 7
  monitoring_interval_seconds         = 0
  password_rotation_days              = 30
}
# rampart:begin(redis)
redis = {
  node_type               = "cache.t4g.micro"
  node_count              = 1
  snapshot_retention_days = 0
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
log_retention_days   = 7
deletion_protection  = false
otel_collector_image = ""
thresholds = {
  target_5xx_per_5min      = 10
  p99_latency_seconds      = 1
  cpu_percent              = 90
  memory_percent           = 90
  db_cpu_percent           = 90
  db_free_storage_bytes    = 2147483648
  db_connections           = 60
  redis_engine_cpu_percent = 90  # rampart:only(redis)
  redis_memory_percent     = 90  # rampart:only(redis)
  queue_oldest_age_seconds = 900  # rampart:only(sqs)
}
