# rampart on Fargate: a cluster, the service's task definition, the service behind the load
# balancer with a deployment circuit breaker and autoscaling, and a one-off migration task.
#
# The container runs as the image's numeric user with a read-only root file system; the only
# writable places are two task-local volumes: the data directory (the embedded queues' files,
# rampart:begin(iam)
# when the queues are embedded) and /tmp. The signing keys are no file: rampart reads them
# from their Secrets Manager secret itself (RAMPART_JWT_KEYS_SECRET) and follows rotations by
# polling it; the one-off `rampart keys` task that writes them is in keys.tf.
# rampart:else
# # when the queues are embedded) and /tmp.
# rampart:end

resource "aws_ecs_cluster" "this" {
  name = var.name
  tags = var.tags

  setting {
    name  = "containerInsights"
    value = var.container_insights
  }
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]
}

locals {
  log_configuration = {
    logDriver = "awslogs"
    options = {
      awslogs-group         = var.log_group_name
      awslogs-region        = var.region
      awslogs-stream-prefix = "rampart"
      # A slow CloudWatch never blocks the service's stdout: lines are buffered, then dropped.
      mode            = "non-blocking"
      max-buffer-size = "25m"
    }
  }
  environment = [for k in sort(keys(var.environment)) : { name = k, value = var.environment[k] }]
  secrets     = [for k in sort(keys(var.secrets)) : { name = k, valueFrom = var.secrets[k] }]
  volumes     = ["data", "tmp"]
  mount_points = [
    { sourceVolume = "data", containerPath = "/var/lib/rampart", readOnly = false },
    { sourceVolume = "tmp", containerPath = "/tmp", readOnly = false },
  ]

  # Prepares the task-local volumes as root before rampart starts: the data directory owned by
  # the app user, /tmp sticky and world-writable. The image's own /bin/sh and coreutils do it:
  # no other image to trust or pull.
  init = {
    name                   = "init"
    image                  = var.image
    essential              = false
    user                   = "0"
    readonlyRootFilesystem = true
    entryPoint             = ["/bin/sh", "-c"]
    command = [join(" && ", [
      "chown ${var.app_uid}:${var.app_uid} /var/lib/rampart",
      "chmod 1777 /tmp",
    ])]
    mountPoints      = local.mount_points
    logConfiguration = local.log_configuration
  }

  rampart = {
    name                   = "rampart"
    image                  = var.image
    essential              = true
    user                   = "${var.app_uid}:${var.app_uid}"
    readonlyRootFilesystem = true
    portMappings           = [{ containerPort = var.container_port, protocol = "tcp" }]
    environment            = local.environment
    secrets                = local.secrets
    mountPoints            = local.mount_points
    stopTimeout            = var.stop_timeout_seconds
    dependsOn              = [{ containerName = "init", condition = "SUCCESS" }]
    ulimits                = [{ name = "nofile", softLimit = 65536, hardLimit = 65536 }]
    # The binary asks itself, as the image's HEALTHCHECK does, but /health/live: ECS replaces an
    # unhealthy task, and a database outage (which makes every task unready) must not make it
    # replace them all. Readiness is the load balancer's health check (/health/ready).
    healthCheck = {
      command     = ["CMD", "/usr/local/bin/rampart", "health", "--live"]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = var.health_check_grace_seconds
    }
    logConfiguration = local.log_configuration
  }

  collector = {
    name             = "otel-collector"
    image            = var.otel_collector_image
    essential        = false
    command          = ["--config=/etc/ecs/ecs-default-config.yaml"]
    portMappings     = [{ containerPort = 4318, protocol = "tcp" }]
    logConfiguration = local.log_configuration
  }

  containers = concat(
    [local.init, local.rampart],
    var.otel_collector_image == "" ? [] : [local.collector],
  )
}

resource "aws_ecs_task_definition" "app" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = var.task_role_arn
  container_definitions    = jsonencode(local.containers)
  tags                     = var.tags

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  dynamic "volume" {
    for_each = toset(local.volumes)
    content {
      name = volume.value
    }
  }
}

# `rampart migrate` as a one-off task (the pipeline runs it before it updates the service, so a
# failing migration stops the rollout before any task is replaced; `serve` would migrate too,
# under the same advisory lock).
resource "aws_ecs_task_definition" "migrate" {
  family                   = "${var.name}-migrate"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = var.task_role_arn
  tags                     = var.tags
  container_definitions = jsonencode([{
    name                   = "migrate"
    image                  = var.image
    essential              = true
    user                   = "${var.app_uid}:${var.app_uid}"
    readonlyRootFilesystem = true
    command                = ["migrate"]
    environment            = local.environment
    secrets                = local.secrets
    mountPoints            = local.mount_points
    logConfiguration       = local.log_configuration
  }])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  volume {
    name = "data"
  }
  volume {
    name = "tmp"
  }
}
