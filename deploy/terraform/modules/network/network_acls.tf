# Network ACLs per tier: stateless, so every allowed flow needs its return traffic (ephemeral
# ports 1024-65535) allowed too. They back the security groups up: a mistaken security group
# still cannot open the data tier to anything outside the VPC.

resource "aws_network_acl" "public" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = aws_subnet.public[*].id
  tags       = merge(var.tags, { Name = "${var.name}-public" })

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 443
    to_port    = 443
    cidr_block = "0.0.0.0/0"
  }
  ingress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    from_port  = 80
    to_port    = 80
    cidr_block = "0.0.0.0/0"
  }
  # Return traffic of the NAT gateways' and the load balancer's outbound connections.
  ingress {
    rule_no    = 120
    action     = "allow"
    protocol   = "tcp"
    from_port  = 1024
    to_port    = 65535
    cidr_block = "0.0.0.0/0"
  }
  # Everything the app tier sends out through the NAT gateways.
  ingress {
    rule_no    = 130
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = var.cidr_block
  }
  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }
}

resource "aws_network_acl" "app" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = aws_subnet.app[*].id
  tags       = merge(var.tags, { Name = "${var.name}-app" })

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = var.cidr_block
  }
  # Return traffic of connections the tasks opened to the internet (through NAT).
  ingress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    from_port  = 1024
    to_port    = 65535
    cidr_block = "0.0.0.0/0"
  }
  egress {
    rule_no    = 100
    action     = "allow"
    protocol   = "-1"
    from_port  = 0
    to_port    = 0
    cidr_block = "0.0.0.0/0"
  }
}

# The data tier talks to the app tier only.
resource "aws_network_acl" "data" {
  vpc_id     = aws_vpc.this.id
  subnet_ids = aws_subnet.data[*].id
  tags       = merge(var.tags, { Name = "${var.name}-data" })

  dynamic "ingress" {
    for_each = { for i, cidr in local.app_cidrs : i => cidr }
    content {
      rule_no    = 100 + ingress.key
      action     = "allow"
      protocol   = "tcp"
      from_port  = 5432
      to_port    = 6379
      cidr_block = ingress.value
    }
  }
  dynamic "egress" {
    for_each = { for i, cidr in local.app_cidrs : i => cidr }
    content {
      rule_no    = 100 + egress.key
      action     = "allow"
      protocol   = "tcp"
      from_port  = 1024
      to_port    = 65535
      cidr_block = egress.value
    }
  }
}
