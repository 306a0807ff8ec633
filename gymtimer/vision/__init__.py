"""Seeing the lifter: frames from a file or a camera, the hip followed through them (OpenCV).

Imported only for ``gymtimer analyse`` (and later the live camera): the app's
start-up never loads OpenCV.
"""
