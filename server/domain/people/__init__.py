"""People: accounts, their roles and logging in (users.py), the links that set a password (invitations.py),
and how a person reads in the API (views.py)."""
