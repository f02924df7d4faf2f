"""Dashboards and reports: the charts, the printable progress report and the practice report."""
