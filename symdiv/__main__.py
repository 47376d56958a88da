"""``python -m symdiv`` is the ``symdiv`` command."""

import sys

from .cli import main

sys.exit(main())
