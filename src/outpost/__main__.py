"""Run the command line with ``python -m outpost``."""

from outpost.cli.main import main

main()
