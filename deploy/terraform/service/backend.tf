# State in the bootstrap's bucket, encrypted, locked with S3's conditional writes, under the key
# of the environment: envs/<env>.backend.hcl gives the key, the command line the bucket and
# region (terraform init -backend-config=../envs/<env>.backend.hcl
# -backend-config=bucket=<state_bucket> -backend-config=region=<region>).
terraform {
  backend "s3" {
    encrypt      = true
    use_lockfile = true
  }
}

# One configuration serves every environment, so only the init binds a state to its values
# file. This records the environment a state was made for (ignore_changes keeps the first
# value); a plan with another environment's values over it (dev's state initialised,
# prod.tfvars given) fails here, before it changes anything.
resource "terraform_data" "environment" {
  input = var.environment

  lifecycle {
    ignore_changes = [input]
    postcondition {
      condition     = self.input == var.environment
      error_message = "This state belongs to the environment \"${self.input}\", not \"${var.environment}\": run terraform init -reconfigure -backend-config=../envs/${var.environment}.backend.hcl (with the bucket and region) first."
    }
  }
}
