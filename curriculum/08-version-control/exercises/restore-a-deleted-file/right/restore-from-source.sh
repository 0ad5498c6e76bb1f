git restore --source=HEAD --staged --worktree app.py schema.sql
