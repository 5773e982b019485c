# The tooling account's values. Replace the examples (docs/deployment.md, "Bootstrap").
region            = "us-east-1"
account_id        = "999999999999"
state_bucket_name = "example-rampart-terraform-state"
github_repository = "example-org/rampart"
environment_account_ids = {
  dev     = "111111111111"
  staging = "222222222222"
  prod    = "333333333333"
}
