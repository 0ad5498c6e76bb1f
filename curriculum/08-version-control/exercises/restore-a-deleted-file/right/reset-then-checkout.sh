git reset -q app.py
git checkout -- app.py
git restore schema.sql
