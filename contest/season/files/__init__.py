"""Applicants' uploaded files: checked (checks), stored by content hash (storage), receipted."""
