# One image repository for every environment: an image is built once and promoted by digest
# (dev → staging → prod run the very bytes that were tested). Tags are immutable, every push is
# scanned, and the environments' accounts may pull.

resource "aws_ecr_repository" "rampart" {
  name                 = "rampart"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
  }
}

resource "aws_ecr_lifecycle_policy" "rampart" {
  repository = aws_ecr_repository.rampart.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last ${var.image_retention_count} images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = var.image_retention_count
      }
      action = { type = "expire" }
    }]
  })
}

data "aws_iam_policy_document" "pull" {
  statement {
    sid     = "EnvironmentsPull"
    actions = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    principals {
      type        = "AWS"
      identifiers = [for account in distinct(values(var.environment_account_ids)) : "arn:aws:iam::${account}:root"]
    }
  }
}

resource "aws_ecr_repository_policy" "rampart" {
  repository = aws_ecr_repository.rampart.name
  policy     = data.aws_iam_policy_document.pull.json
}
