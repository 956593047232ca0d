"""Persistence: SQLAlchemy models, engine and session factory, query functions, migrations."""
