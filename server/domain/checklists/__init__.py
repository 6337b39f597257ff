"""Checklist versions in the database (store.py) and how they read in the API (views.py). Reading and checking
the files is server/checklists/."""
