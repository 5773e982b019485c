output "queue_urls" {
  description = "Queue URLs by short name (RAMPART_QUEUE_URL, RAMPART_EVENTS_QUEUE_URL)."
  value       = { for k, q in aws_sqs_queue.this : k => q.url }
}

output "queue_arns" {
  description = "Queue ARNs by short name."
  value       = { for k, q in aws_sqs_queue.this : k => q.arn }
}

output "queue_names" {
  description = "Queue names by short name (the QueueName dimension of their metrics)."
  value       = { for k, q in aws_sqs_queue.this : k => q.name }
}

output "dlq_arns" {
  description = "Dead-letter queue ARNs by short name."
  value       = { for k, q in aws_sqs_queue.dlq : k => q.arn }
}

output "dlq_names" {
  description = "Dead-letter queue names by short name."
  value       = { for k, q in aws_sqs_queue.dlq : k => q.name }
}
