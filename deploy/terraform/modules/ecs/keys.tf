# `rampart keys` as a one-off task: the only task that writes the signing-keys secret, with a
# task role of its own (modules/iam keys.tf); the serving tasks only read it. Its command is
# `keys rotate`; `keys list` and `keys retire <kid>` are the same task with the command
# overridden (docs/deployment.md, "Signing keys"). It loads the same configuration as `serve`
# (production refuses the command on any setting it would refuse), so it gets the same
# environment and secrets.
resource "aws_ecs_task_definition" "keys" {
  family                   = "${var.name}-keys"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = var.keys_task_role_arn
  tags                     = var.tags
  container_definitions = jsonencode([{
    name                   = "keys"
    image                  = var.image
    essential              = true
    user                   = "${var.app_uid}:${var.app_uid}"
    readonlyRootFilesystem = true
    command                = ["keys", "rotate"]
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

# Optional: EventBridge Scheduler runs the keys task every key_rotation_days. The serving
# tasks pick the rotation up at their next reload (reload.interval, 10 s); the retired key
# stays published until the tokens it signed have expired.
resource "aws_scheduler_schedule" "rotate_keys" {
  count                        = var.key_rotation_days > 0 ? 1 : 0
  name                         = "${var.name}-rotate-keys"
  description                  = "rampart keys rotate every ${var.key_rotation_days} day(s)"
  schedule_expression          = var.key_rotation_days == 1 ? "rate(1 day)" : "rate(${var.key_rotation_days} days)"
  schedule_expression_timezone = "UTC"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_ecs_cluster.this.arn
    role_arn = var.scheduler_role_arn

    ecs_parameters {
      task_definition_arn = aws_ecs_task_definition.keys.arn
      launch_type         = "FARGATE"
      task_count          = 1

      network_configuration {
        subnets          = var.subnet_ids
        security_groups  = [var.security_group_id]
        assign_public_ip = false
      }
    }

    retry_policy {
      maximum_retry_attempts       = 3
      maximum_event_age_in_seconds = 3600
    }
  }
}
