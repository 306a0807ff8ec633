"""The tests' own harnesses, imported by name (never from a conftest.py).

What the benchmarks, packaging/ and docs/screenshots/ share with the tests (the fake clock,
the sound check, the rendered sets, the sample history, the soak mode) is the development
package dev/gymtimer_dev, installed beside the app.

real_parts   skip, or in CI fail, when a real part (Xvfb, PulseAudio) is not installed
display      a private X server (Xvfb) for the end-to-end tests
disks        disks that fail on demand: a real tmpfs, or injected faults
lifted       small real sessions lifted by the workout engine, for the store and history tests
driving      let fake time pass in a window driven by a fake clock
"""
