"""Local fakes of the external services Tonnage talks to.

Each subpackage stands in for one outside system (the Telegram Bot API, the
accounting system, the tender platform) so the whole product runs and is tested
on a single machine without network access.
"""
