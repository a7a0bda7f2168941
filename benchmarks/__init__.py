"""Speed checks that print their figures (make bench)."""
