# State in the bootstrap's bucket (its name and region are given at init:
#   terraform init -backend-config=bucket=<state_bucket> -backend-config=region=<region>),
# under a key of this environment's own, encrypted, locked with S3's conditional writes.
terraform {
  backend "s3" {
    key          = "rampart/staging/terraform.tfstate"
    encrypt      = true
    use_lockfile = true
  }
}
