"""Plain functions over the models, one package per thing a newcomer looks for. Nothing here knows about HTTP:
errors are DomainErrors. Each record's JSON (an audit, an answer, a finding, a photo, a person, a campus,
building or space, a checklist, a community report) is shaped in its package's views.py; reports shape their
own data.

audits/ (reading and planning them, their status, skipped spaces, answers, cycles, an audit's report),
findings/ (states and moves, the walk's findings, remediation, lists and filters, comments, mail), photos/,
sites/ (campuses, buildings, spaces, kinds, the CSV import), people/ (users, invitations), checklists/ (stored
versions), community/ (reports sent from posters), reporting/ (dashboard, inventory, findings report, CSV
exports), sync/ (the operation log, replayed PUTs), maintenance/ (archive, text repair, demo data).
list_filters.py: how a list's query-string filters are declared once, for parsing and for the API document.
"""
