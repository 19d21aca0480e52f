"""Alembic migrations of the Tonnage schema (run through storage.migrate)."""
