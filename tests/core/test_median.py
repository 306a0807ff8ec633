"""One median for the rep rules and the body, its standard library loaded when first taken."""

from __future__ import annotations

import subprocess
import sys

from gymtimer.core.median import median


def test_the_median_is_the_middle_value_or_the_mean_of_the_two_middle_ones():
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median(x for x in (4.0, 1.0, 3.0, 2.0)) == 2.5


def test_statistics_is_imported_with_the_first_median_not_with_the_rep_rules():
    check = ("import sys; import gymtimer.core.reps, gymtimer.core.body; assert 'statistics' not in sys.modules; "
             "from gymtimer.core.reps import lockout; lockout([0.0, 1.0, 1.0, 0.5], 0.0); "
             "assert 'statistics' in sys.modules")
    subprocess.run([sys.executable, "-c", check], check=True)
