"""Generated forms ("papers"): the notice's forms filled from the system, with a form number
and a QR code, as Word (.docx) and PDF, ready to print and stamp; and the QR code read back
from the sealed scan (docs/season-papers.md).

A paper is a plain description (contest.season.papers.model): title, header line, a table
on a grid of columns, footer lines, notes and the QR code's text. Each form is one module
that turns plain facts into a `Paper` (form12, form22, form21); both renderers (docx, pdf)
draw any paper. registry.FORMS names them; a new form is one module and one line there.
"""
