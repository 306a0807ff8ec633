"""The words after a seen rep, and the count of a set with the camera on."""

from __future__ import annotations

from gymtimer.core.reps import MeasuredRep
from gymtimer.core.seen import Cue, RepWords, Verdict, count_with_camera, rep_words


def seen(start: float, lower: float = 3.0, complete: bool = True, too_fast: bool | None = None) -> MeasuredRep:
    return MeasuredRep(start=start, lift=1.0, top=1.0, lower=lower, bottom=None, range=60.0, complete=complete,
                       lowering_too_fast=too_fast)


def test_a_rep_as_planned_says_its_lowering_only():
    assert rep_words(seen(0.0, lower=2.94), planned_lower=3.0) == RepWords("LOWERED 2.9 s", None, None)


def test_a_lowering_under_three_quarters_of_the_plan_says_slower():
    assert rep_words(seen(0.0, lower=1.4), planned_lower=3.0) == RepWords("LOWERED 1.4 s", "SLOWER", Cue.SLOWER)
    # 2.25 s is exactly 75 % of 3 s: not too fast.
    assert rep_words(seen(0.0, lower=2.25), planned_lower=3.0).verdict is None


def test_without_a_plan_the_reps_own_verdict_is_used():
    assert rep_words(seen(0.0, lower=1.0, too_fast=None)).verdict is None
    assert rep_words(seen(0.0, lower=1.0, too_fast=True)).cue is Cue.SLOWER


def test_a_short_rep_says_short_even_when_lowered_too_fast():
    assert rep_words(seen(0.0, lower=1.0, complete=False), planned_lower=3.0) == RepWords(
        "LOWERED 1.0 s", "SHORT", Cue.SHORT)


PACED = [(10.0, 16.0), (16.0, 22.0), (22.0, 28.0), (28.0, 34.0)]  # 1-1-3-1: 6 s a rep


def test_every_paced_rep_seen_counts_as_paced():
    count = count_with_camera(PACED, [seen(10.2), seen(16.1), seen(22.3), seen(28.0)])
    assert count.verdicts == [Verdict.COUNTED] * 4
    assert (count.paced, count.seen, count.counted, count.failed, count.unpaced) == (4, 4, 4, 0, [])


def test_a_paced_rep_with_no_rep_seen_is_not_counted_and_a_short_one_fails():
    count = count_with_camera(PACED, [seen(10.2), seen(22.3, complete=False), seen(28.0)])
    assert count.verdicts == [Verdict.COUNTED, Verdict.NOT_SEEN, Verdict.FAILED, Verdict.COUNTED]
    assert (count.seen, count.counted, count.failed) == (3, 2, 1)


def test_a_lifter_running_late_is_matched_to_the_rep_each_rep_overlaps_most():
    # Each rep starts 4 s after its pace: it overlaps the next paced rep more; the last one overlaps none free.
    count = count_with_camera(PACED[:2], [seen(14.0), seen(20.0), seen(26.0)])
    assert count.verdicts == [Verdict.COUNTED, Verdict.COUNTED]
    assert [r.start for r in count.unpaced] == [26.0]
    assert count.counted == 3


def test_no_rep_seen_counts_nothing():
    count = count_with_camera(PACED, [])
    assert count.verdicts == [Verdict.NOT_SEEN] * 4 and count.counted == 0


def test_a_rep_just_before_its_pace_goes_with_its_own_paced_rep_not_the_one_it_grazes():
    # Lifted 0.1 s early: it grazes the first paced rep, but the first was lifted already.
    count = count_with_camera(PACED[:2], [seen(10.0), seen(15.9)])
    assert count.verdicts == [Verdict.COUNTED, Verdict.COUNTED] and count.unpaced == []
