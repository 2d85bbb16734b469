"""The ``outpost`` command line: parses options, calls the services, prints."""
