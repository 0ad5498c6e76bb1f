git restore schema.sql app.py
