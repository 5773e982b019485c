variable "name" {
  description = "Prefix of every name, e.g. rampart-prod; secrets are named <name>/<secret>."
  type        = string
}

variable "recovery_window_days" {
  description = "Days a deleted secret can still be restored (0 deletes at once: development only)."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
