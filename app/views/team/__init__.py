"""The team database in the window: connecting, copying, conflicts, who else is in."""
