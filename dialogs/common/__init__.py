"""Shared pieces of the dialogs: reading typed input, one-shot messages, common widgets."""
