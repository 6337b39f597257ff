"""The committee's reading across audits and findings: the dashboard, the inventory of images, the findings
report for a period, and the CSV exports. The PDF and CSV builders that lay them out are in server/reports/.
"""
