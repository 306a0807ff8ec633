"""Sound, voice and keep-awake: Qt Multimedia lives here."""
