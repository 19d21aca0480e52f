"""The ``tonnage`` command line: one entry point for running, migrating, seeding and tools.

It lives apart from ``bot/`` because most subcommands need no Telegram at all.
"""
