git restore schema.sql
git restore --staged app.py
