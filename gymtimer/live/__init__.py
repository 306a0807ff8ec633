"""The live application: what runs a workout in a window, without being a widget.

The driver that feeds the core its clock, the session in progress and its
saving, the sound control, keep-awake, the camera feed and the camera during a
workout. Above the core, the cues, the store and vision; below ``ui/``, which
shows what these hold and calls their methods for each lifter action.
"""
