"""Campuses, buildings and spaces: the registry every audit walks through.

kinds.py (the kinds of space), registry.py (read and change), imports.py (the CSV import), views.py (JSON).
"""
