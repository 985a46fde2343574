"""Accord: sales and marketing alignment workshops."""

__version__ = "0.1.0"
