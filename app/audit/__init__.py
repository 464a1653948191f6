"""Append-only audit log, written in the same transaction as the change it records."""
