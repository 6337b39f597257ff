"""Audit schedules (issue 13): which building is walked with which checklist every how many months, by whose
watch; when each is next due (due.py, the one place the rule lives); the committee's due list and the
reminders mailed to the responsible member."""
