# Bring back schema.sql, discard every change to app.py (it is staged),
# keep README.md as it is. Do not commit.
