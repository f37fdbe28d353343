"""The season before the contest: applications, their files, 形式审查."""
