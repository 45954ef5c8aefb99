"""The engine's command line, under the feature's name: `python -m scheduler.matching --help`."""

from scheduler.matching.engine.__main__ import main

if __name__ == "__main__":
    raise SystemExit(main())
