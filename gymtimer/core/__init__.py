"""The Qt-free heart of GymTimer: tempo, plan, workout state machine, records."""
