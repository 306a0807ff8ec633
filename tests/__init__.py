"""The tests: a package of its own, so that a dependency shipping a top-level `tests` package cannot hide it."""
