"""GymTimer's development tools, shared by the tests, the benchmarks, packaging/ and docs/screenshots/.

Installed beside the app (``make`` runs ``pip install -e . -e dev``), never in it: the app
imports nothing from here, and the frozen bundle leaves it out.

clock           a monotonic clock moved by hand (the core and the driver are handed it)
mjpeg           a phone camera app's MJPEG stream on the loopback address, and a host that never answers
sample_history  years of made-up training history, for benchmarks and trying the charts
soak            fast real-clock workouts with no window, saved after every rep, for the crash test
soundcheck      a private PulseAudio server with a null sink, its recorder, cue analysis
synthetic       rendered side-view sets with their exact truth, for the camera's tests and benchmarks
"""
