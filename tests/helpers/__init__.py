"""Test harnesses shared by the tests and the benchmarks, imported by name (never from a conftest.py).

real_parts   skip, or in CI fail, when a real part (Xvfb, PulseAudio) is not installed
clock        a monotonic clock the test moves by hand
soundcheck   a private PulseAudio server with a null sink, its recorder, cue analysis
display      a private X server (Xvfb) for the end-to-end tests
disks        disks that fail on demand: a real tmpfs, or injected faults
lifted       small real sessions lifted by the workout engine, for the store and history tests
driving      let fake time pass in a window driven by a fake clock
"""
