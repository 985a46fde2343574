"""Alembic environment: always driven programmatically with an open connection."""

from __future__ import annotations

from alembic import context

from app.models import registry
from app.models.base import Base

assert registry.ALL_MODELS  # every model imported, so metadata is complete

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
