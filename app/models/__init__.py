"""Database layer: typed SQLAlchemy models, the engine and session factory, migrations."""
