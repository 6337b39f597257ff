"""Who is asking and what they may do: passwords, sessions, login limits and the permission table."""
