output "kms_key_arn" {
  description = "The service's KMS key."
  value       = aws_kms_key.this.arn
}

# rampart:begin(iam)
output "admin_password_arn" {
  description = "Secret: the first administrator's password."
  value       = aws_secretsmanager_secret.admin_password.arn
}
# rampart:end

output "metrics_token_arn" {
  description = "Secret: the /metrics scrape token."
  value       = aws_secretsmanager_secret.metrics_token.arn
}

# rampart:begin(iam)
output "mfa_encryption_key_arn" {
  description = "Secret: the key of two-factor (TOTP) secrets at rest."
  value       = aws_secretsmanager_secret.mfa_encryption_key.arn
}
# rampart:end

# rampart:begin(iam)
output "keys_secret_arn" {
  description = "Secret: the token signing keys, written by `rampart keys` (no value from Terraform)."
  value       = aws_secretsmanager_secret.signing_keys.arn
}
# rampart:end

output "smtp_url_arn" {
  description = "Secret: the SMTP relay URL, set by the operator."
  value       = aws_secretsmanager_secret.smtp_url.arn
}
