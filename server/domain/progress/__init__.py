"""The public progress page (issue 13): whether it is on (page.py), the figures it shows per campus (figures.py,
with the small-number rule in small.py), and the before/after pairs the committee publishes (publications.py).

Nothing here names a person, shows a photo that was not published, or places an open finding in a room: the
figures are counts per campus and category, and the only places named are those of published, verified fixes.
"""
