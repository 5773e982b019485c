variable "name" {
  description = "Prefix of every name, e.g. rampart-prod."
  type        = string
}

variable "cidr_block" {
  description = "The VPC's IPv4 range (a /16 leaves room for three tiers of /20 subnets in up to 4 AZs)."
  type        = string
}

variable "az_count" {
  description = "Availability zones to spread the subnets over (at least 2: the ALB, RDS Multi-AZ and ElastiCache failover need two)."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 4
    error_message = "az_count must be between 2 and 4."
  }
}

variable "nat_gateway_count" {
  description = "NAT gateways: 1 (cheaper, one AZ's outage cuts the others' egress) or one per AZ (az_count)."
  type        = number
  default     = 1
}

variable "app_port" {
  description = "Port the service listens on inside its tasks (RAMPART_LISTEN)."
  type        = number
  default     = 8080
}

variable "interface_endpoints" {
  description = "AWS services reached through interface VPC endpoints instead of the NAT gateway (traffic stays in the VPC and costs less per GB)."
  type        = list(string)
# rampart:begin(sqs)
  default     = ["ecr.api", "ecr.dkr", "secretsmanager", "sqs", "logs"]
# rampart:else
#   default     = ["ecr.api", "ecr.dkr", "secretsmanager", "logs"]
# rampart:end
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
