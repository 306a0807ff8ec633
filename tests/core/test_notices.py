"""The notices model on its own: keyed, ordered by importance, announcing only real changes."""

from __future__ import annotations

from gymtimer.core.notices import Notices, Place, Priority


def test_the_most_important_notice_comes_first_and_the_newest_among_equals():
    notices = Notices()
    notices.post("mute", "Muted", priority=Priority.INFO)
    notices.post("sound", "No sound", priority=Priority.SOUND)
    notices.post("sleep", "Screen may sleep", priority=Priority.SCREEN)
    notices.post("recovered", "Session recovered", priority=Priority.INFO)
    assert [n.key for n in notices.shown()] == ["sound", "sleep", "recovered", "mute"]
    assert notices.top().text == "No sound"


def test_posting_a_key_again_replaces_it_and_empty_text_clears_it():
    notices = Notices()
    notices.post("save", "Not saved", priority=Priority.DATA, detail="The disk is full")
    notices.post("save", "Not saved", priority=Priority.DATA, detail="The folder is read-only")
    assert len(notices.shown()) == 1 and notices.get("save").detail == "The folder is read-only"
    notices.post("save", "")
    assert notices.shown() == [] and notices.top() is None


def test_each_place_sees_only_its_notices():
    notices = Notices()
    notices.post("abandon", "End the workout?", priority=Priority.QUESTION, places={Place.WORKOUT})
    notices.post("unreadable", "2 files set aside", priority=Priority.DATA, places={Place.SETUP})
    notices.post("sound", "No sound", priority=Priority.SOUND)
    assert [n.key for n in notices.shown(Place.WORKOUT)] == ["abandon", "sound"]
    assert [n.key for n in notices.shown(Place.SETUP)] == ["unreadable", "sound"]


def test_listeners_hear_real_changes_only_and_can_stop():
    notices = Notices()
    heard = []
    stop = notices.subscribe(lambda: heard.append([n.key for n in notices.shown()]))
    notices.post("mute", "Muted")
    notices.post("mute", "Muted")  # the same again: nothing changed
    notices.clear("sleep")  # was not there
    notices.post("sleep", "Screen may sleep", priority=Priority.SCREEN)
    notices.clear("mute")
    assert heard == [["mute"], ["sleep", "mute"], ["sleep"]]
    stop()
    notices.post("mute", "Muted")
    assert len(heard) == 3


def test_the_full_text_joins_the_short_text_and_its_detail():
    notices = Notices()
    notices.post("save", "Session not saved", detail="The disk is full. Saving is retried.")
    assert notices.get("save").full_text() == "Session not saved. The disk is full. Saving is retried."


def test_a_camera_lost_or_unused_with_follow_me_on_says_the_same_sentence_after_why():
    from gymtimer.core.notices import CAMERA_KEY, post_camera_not_available, post_camera_not_used

    notices = Notices()
    post_camera_not_available(notices, detail="unplugged?", follow=True)
    assert notices.get(CAMERA_KEY).detail == "Unplugged? Follow me is on, but the metronome paces instead of following you."
    post_camera_not_available(notices, detail="another program is using it", follow=True)
    assert notices.get(CAMERA_KEY).detail == ("Another program is using it. "
                                              "Follow me is on, but the metronome paces instead of following you.")
    post_camera_not_available(notices, detail="another program is using it")
    assert notices.get(CAMERA_KEY).detail == "another program is using it"
    post_camera_not_used(notices, follow=True)
    assert notices.get(CAMERA_KEY).detail == "Follow me is on, but the metronome paces instead of following you."
