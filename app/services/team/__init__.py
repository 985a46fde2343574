"""Team workspaces: the same schema in a shared PostgreSQL database instead of a file.

* `targets` — telling a database URL from a file path, and showing URLs without passwords.
* `database` — inspecting, creating, migrating and opening a team database.
* `copying` — copying every record between any two workspaces, with a count check.
* `presence` — who else is connected, and whether anything changed since we last looked.
* `conflicts` — turning a stale edit into a field-by-field choice.
"""
