output "vpc_id" {
  description = "The VPC."
  value       = aws_vpc.this.id
}

output "public_subnet_ids" {
  description = "Subnets of the load balancer."
  value       = aws_subnet.public[*].id
}

output "public_subnet_cidrs" {
  description = "Ranges of the public subnets: the load balancer's nodes connect from there (RAMPART_TRUSTED_PROXIES)."
  value       = local.public_cidrs
}

output "app_subnet_ids" {
  description = "Subnets of the ECS tasks."
  value       = aws_subnet.app[*].id
}

output "data_subnet_ids" {
  description = "Subnets of RDS and ElastiCache."
  value       = aws_subnet.data[*].id
}

output "alb_security_group_id" {
  description = "Security group of the load balancer."
  value       = aws_security_group.alb.id
}

output "app_security_group_id" {
  description = "Security group of the tasks."
  value       = aws_security_group.app.id
}

output "db_security_group_id" {
  description = "Security group of the database."
  value       = aws_security_group.db.id
}

# rampart:begin(redis)
output "redis_security_group_id" {
  description = "Security group of Redis."
  value       = aws_security_group.redis.id
}
# rampart:end
