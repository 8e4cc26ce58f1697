"""``python -m kit`` is the ``p2c`` command."""

import sys

from p2c_kit._commands.cli import main

sys.exit(main())
