terraform {
  # S3's own state locking (use_lockfile) needs Terraform 1.10.
  required_version = ">= 1.10.0, < 2.0.0"
  # Pinned exactly: the version tests/deploy checks every resource and argument against.
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "6.25.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "3.7.2"
    }
  }
}
