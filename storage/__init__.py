"""Persistence: SQLAlchemy models, engine and session factory, query functions, migrations."""

# The mapper hooks that keep the scheduler's instants true belong with the models: loaded
# whenever anything from storage is.
from storage import wakeups as _wakeups  # noqa: E402, F401
