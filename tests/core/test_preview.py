"""The set and workout times the preset editor previews."""

from gymtimer.core.plan import Plan
from gymtimer.core.preview import plan_times


def test_a_plan_without_a_lead_in_previews_its_set_and_workout_times():
    with_lead_in = plan_times(Plan(lead_in=5))
    without = plan_times(Plan(lead_in=0))
    assert without.set_seconds == with_lead_in.set_seconds > 0
    assert without.workout_seconds == with_lead_in.workout_seconds - 5  # the lead-in runs once, before set 1
