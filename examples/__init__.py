"""gradproof's lessons, one runnable script each: `python -m examples.NAME` from the repo root.

Each script's `main(argv)` parses its options, prints what it shows, writes its pictures under
`--out` (default `out/`) and returns its results, so tests can assert them in-process.
"""
