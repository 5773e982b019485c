# staging: the values of this account. Replace the examples (docs/deployment.md, "First apply").
# image and version_label are given by the pipeline (-var), never kept here.
region                   = "us-east-1"
account_id               = "222222222222"
ecr_repository_arn       = "arn:aws:ecr:us-east-1:999999999999:repository/rampart"
domain_name              = "rampart.staging.example.com"
route53_zone_id          = "Z0000000000000000000"
admin_email              = "admin@example.com"
alarm_email              = ""
ci_plan_principal_arns   = ["arn:aws:iam::999999999999:role/ci-rampart-plan"]
ci_deploy_principal_arns = ["arn:aws:iam::999999999999:role/ci-rampart-deploy"]
