"""The frozen app's entry script: the same as ``python -m gymtimer``."""

import sys

from gymtimer.app import main

sys.exit(main())
