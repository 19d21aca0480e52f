"""The demo company behind ``tonnage seed-demo``: people, reference data and ~300 requests
whose whole history is made by calling the real services on a moving frozen clock."""

from cli.seeding.run import seed_demo

__all__ = ["seed_demo"]
