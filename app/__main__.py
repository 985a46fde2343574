"""`python -m app` and the `accord` launcher."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
