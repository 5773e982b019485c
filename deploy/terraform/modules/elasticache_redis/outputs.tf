output "primary_endpoint" {
  description = "Host name of the primary (follows a failover)."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}

output "secret_arn" {
  description = "Secret holding the rediss:// URL (JSON key url)."
  value       = aws_secretsmanager_secret.redis.arn
}

output "member_cluster_ids" {
  description = "The nodes' cluster ids (CacheClusterId dimension), known before apply: <group>-001, -002, ..."
  value       = [for i in range(var.node_count) : format("%s-%03d", var.name, i + 1)]
}
