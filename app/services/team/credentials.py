"""Team database passwords: in the system keyring when there is one, never in a file.

Recent connections are remembered as URLs without their password. When no keyring
backend works (a bare Linux session without a secret service, say), nothing is stored and
the password is asked for each time.
"""

from __future__ import annotations

import logging

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

SERVICE = "Accord team database"


def _account(url: str) -> str:
    parsed = make_url(url)
    return f"{parsed.username or ''}@{parsed.host or 'localhost'}:{parsed.port or 5432}/" + (
        parsed.database or ""
    )


def keyring_available() -> bool:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:  # a misconfigured backend is the same as none for us
        return False
    return not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 1) > 0


def stored_password(url: str) -> str | None:
    """The password kept for this connection, or None (none kept, or no keyring)."""
    if not keyring_available():
        return None
    import keyring

    try:
        return keyring.get_password(SERVICE, _account(url))
    except Exception as error:
        log.warning("could not read the keyring: %s", error)
        return None


def remember_password(url: str, password: str) -> bool:
    """Keep the password in the keyring; False when there is no keyring to keep it in."""
    if not keyring_available():
        return False
    import keyring

    try:
        keyring.set_password(SERVICE, _account(url), password)
    except Exception as error:
        log.warning("could not write to the keyring: %s", error)
        return False
    return True


def forget_password(url: str) -> None:
    if not keyring_available():
        return
    import keyring
    from keyring.errors import PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, _account(url))
    except (PasswordDeleteError, Exception) as error:  # nothing kept is fine
        log.debug("nothing to forget: %s", error)
