"""Repositories: queries by purpose; they never commit."""
