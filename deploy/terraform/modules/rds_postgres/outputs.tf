output "address" {
  description = "Host name of the database endpoint (follows a Multi-AZ failover)."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port of the database."
  value       = aws_db_instance.this.port
}

output "database_name" {
  description = "The database rampart uses."
  value       = var.database_name
}

output "username" {
  description = "The user rampart connects as."
  value       = var.master_username
}

output "master_secret_arn" {
  description = "RDS-managed secret with the master user's credentials (JSON: username, password)."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "identifier" {
  description = "The instance identifier (DBInstanceIdentifier dimension)."
  value       = aws_db_instance.this.identifier
}
