git status
git restore schema.sql
git restore --staged --worktree app.py
git status --short
