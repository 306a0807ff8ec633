"""Sound and voice: Qt Multimedia lives here (keep-awake is the screen's: gymtimer.ui.keep_awake)."""
