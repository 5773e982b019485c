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
