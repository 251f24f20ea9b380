"""Alembic migrations of the workspace schema (run by leerlib, never by hand)."""
