git checkout HEAD -- app.py schema.sql
git status --short
