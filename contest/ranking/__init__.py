"""From scores to results: standings with their tie rules, finalising imported totals,
national candidates and award grades, and the judges' consistency across the day."""
