"""Plain functions over the models, one package per thing a newcomer looks for. Nothing here knows about HTTP:
errors are DomainErrors, and each resource's JSON is shaped in its package's views.py.

audits/ (plans, walks, answers, cycles, an audit's report), findings/ (states and moves, the walk's findings,
remediation, lists and filters, comments, mail), photos/, sites/ (campuses, buildings, spaces, CSV import),
people/ (users, invitations), checklists/ (stored versions), community/ (reports from posters), reporting/
(dashboard, inventory, findings report, CSV exports), sync/ (the operation log, replayed PUTs), maintenance/
(archive, text repair, demo data). list_filters.py declares the lists' query-string filters.
"""
