# The staging environment's state: its key in the bootstrap's bucket (service/backend.tf has the
# rest; the bucket and region are given at init).
key = "rampart/staging/terraform.tfstate"
