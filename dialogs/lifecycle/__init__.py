"""What the executor's, head's and admin's step dialogs share: the request they act on and
the way back to its card."""
