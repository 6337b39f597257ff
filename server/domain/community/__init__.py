"""Community reports: what anyone in a space can send from a poster, and what the committee does with it.

The public side (no account, nothing kept that identifies the reporter): codes.py (poster codes, tracking
codes, follow-up keys), limits.py (daily abuse limits over keyed hashes), public.py (look up, upload, report,
follow up, message, address for updates), progress.py (the steps the reporter reads), text.py (its words, in
English and Spanish), reporter_mail.py (the "your report has an update" mail). The committee side: states.py
(statuses and moves), review.py, lists.py, mail.py. views.py shapes every answer of both sides.
"""
