"""Files on disk: paths, atomic JSON, session history, presets, export."""
