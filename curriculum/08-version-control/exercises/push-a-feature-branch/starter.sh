# One command per line, as in a terminal (bash: git, echo TEXT > FILE, cat, ls, && all work).
# 1. put your settings.py experiment aside
# 2. create and switch to feature/export-csv, add export.py, commit "Add CSV export"
# 3. get your teammate's new commit and replay your branch on top of it
# 4. publish the branch on origin with upstream tracking
# 5. bring your experiment back
git status
