terraform {
  required_version = ">= 1.10.0, < 2.0.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "6.25.0"
    }
  }
  # The bootstrap's own state starts local (the bucket does not exist yet); after the first
  # apply, move it into the bucket: docs/deployment.md, "Bootstrap".
  backend "local" {}
}

provider "aws" {
  region              = var.region
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      Service   = "rampart"
      ManagedBy = "terraform"
      Stack     = "bootstrap"
    }
  }
}
