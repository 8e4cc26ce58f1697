"""``python -m kit`` is the ``p2c`` command."""

import sys

from kit._cli import main

sys.exit(main())
