"""Setting up a contest: the contest itself, its rules and score sheet, venues, accounts, people.

Domain functions only (keyword-only arguments, audited, no Flask requests); the pages are in
`contest.admin.setup`, the commands in `contest.setup.cli`.
"""
