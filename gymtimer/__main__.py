"""Run GymTimer with ``python -m gymtimer``."""

import sys

from gymtimer.app import main

sys.exit(main())
