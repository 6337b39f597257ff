"""Whole-installation jobs, run from the command line (server/cli.py) or by an administrator: the JSON archive
(export and import), repairing stored text, and the demo data."""
