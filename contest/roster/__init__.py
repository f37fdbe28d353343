"""Who takes part on the day: teams and their details, judges with their personal links and
QR cards, and 回避 (which judge may not score which team)."""
