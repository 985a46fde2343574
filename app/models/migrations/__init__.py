"""Alembic migrations shipped inside the package (run through `app.models.migrate`)."""
