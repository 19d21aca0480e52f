"""Services: one per business action, each one transaction (guard, write, outbox)."""
