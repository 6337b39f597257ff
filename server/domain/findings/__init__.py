"""Findings: problems raised on an audit's walk (or made from a community report) and their remediation.

states.py (the states and the table of moves), guards.py (what each move needs), flow.py (the one place a
status changes, with its event), access.py (who sees which findings), walk.py (the walk's own writes),
remediation.py (triage, assignment, work, verification), filters.py and lists.py (lists, queues, the inbox),
comments.py, mail.py (which events become email), views.py (every JSON shape of a finding).
"""
