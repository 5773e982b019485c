"""`rampart new`: generates a new service from this checkout (docs/template.md)."""
