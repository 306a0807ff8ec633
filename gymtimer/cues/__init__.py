"""Sound and voice: Qt Multimedia lives here (keep-awake is the screen's: gymtimer.live.keep_awake)."""
