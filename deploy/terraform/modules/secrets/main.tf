# The service's key and secrets. One customer-managed KMS key (rotated yearly) encrypts the
# secrets, the queues and the database's master-password secret, so that the task's and the
# execution role's policies can name exactly one key.
#
# rampart:begin(iam)
# Secrets that Terraform generates (administrator password, /metrics scrape token, the key of
# two-factor secrets) get their
# rampart:else
# # The secret that Terraform generates (the /metrics scrape token) gets its
# rampart:end
# value here; the ones only an operator can provide get an empty container that the operator
# fills once (docs/deployment.md, "Secrets to set"):
#   smtp-url      smtp(s)://user:password@host:port of the mail relay (RAMPART_SMTP_URL)
# rampart:begin(iam)
# and one secret rampart writes itself:
#   signing-keys  the token signing keys (next, active, retired), a JSON document that
#                 `rampart keys rotate` writes (PutSecretValue) and every serving task reads
#                 (RAMPART_JWT_KEYS_SECRET); Terraform gives it no value, so no private key is
#                 ever in the Terraform state.
# rampart:end

resource "aws_kms_key" "this" {
  description             = "${var.name}: secrets, queues and the database's master password"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.name}"
  target_key_id = aws_kms_key.this.key_id
}

# rampart:begin(iam)
resource "random_password" "admin" {
  length           = 32
  special          = true
  override_special = "-_.~"
}
# rampart:end

resource "random_password" "metrics_token" {
  length  = 48
  special = false
}

# rampart:begin(iam)
resource "random_password" "mfa_encryption_key" {
  length  = 48
  special = false
}
# rampart:end

# rampart:begin(iam)
resource "aws_secretsmanager_secret" "admin_password" {
  name                    = "${var.name}/admin-password"
  description             = "Password of the first administrator (RAMPART_ADMIN_PASSWORD); used once, when the database has no administrator."
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "admin_password" {
  secret_id     = aws_secretsmanager_secret.admin_password.id
  secret_string = random_password.admin.result
}
# rampart:end

resource "aws_secretsmanager_secret" "metrics_token" {
  name                    = "${var.name}/metrics-token"
  description             = "Bearer token of GET /metrics (RAMPART_METRICS_TOKEN)."
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "metrics_token" {
  secret_id     = aws_secretsmanager_secret.metrics_token.id
  secret_string = random_password.metrics_token.result
}

# rampart:begin(iam)
resource "aws_secretsmanager_secret" "mfa_encryption_key" {
  name                    = "${var.name}/mfa-encryption-key"
  description             = "Key that encrypts the TOTP secrets of two-factor sign-in at rest (RAMPART_MFA_ENCRYPTION_KEY); changing it makes the enrolled users' secrets unreadable."
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "mfa_encryption_key" {
  secret_id     = aws_secretsmanager_secret.mfa_encryption_key.id
  secret_string = random_password.mfa_encryption_key.result
}
# rampart:end

# rampart:begin(iam)
resource "aws_secretsmanager_secret" "signing_keys" {
  name                    = "${var.name}/signing-keys"
  description             = "Token signing keys (JSON: next, active and retired keys with their PEM), written by `rampart keys rotate` and read by the service (RAMPART_JWT_KEYS_SECRET); no value from Terraform."
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = var.tags
}
# rampart:end

resource "aws_secretsmanager_secret" "smtp_url" {
  name                    = "${var.name}/smtp-url"
  description             = "smtp(s)://user:password@host:port of the mail relay (RAMPART_SMTP_URL); set by the operator before the first deployment."
  kms_key_id              = aws_kms_key.this.arn
  recovery_window_in_days = var.recovery_window_days
  tags                    = var.tags
}
