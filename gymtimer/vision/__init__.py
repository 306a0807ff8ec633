"""Seeing the lifter: frames from a file or a camera, the hip followed through them (OpenCV).

Imported only for ``gymtimer analyse`` and the live camera (``live.py``): the
app's start-up never loads OpenCV.
"""
