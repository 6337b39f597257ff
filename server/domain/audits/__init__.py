"""Audits: planning one (building, pinned checklist, team, spaces), walking it (answers, skipped spaces), its
status from planned to submitted, its cycles, and its report.

plans.py (read, plan, list), status.py (planned -> in progress -> submitted), skips.py, answers.py,
access.py (reading an audit; who may see, plan and walk it), cycles.py, report.py, views.py (an audit and an answer as
JSON).
"""
