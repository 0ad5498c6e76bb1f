git stash
git switch -c feature/export-csv
echo EXPORT_FORMAT = "'csv'" > export.py
git add export.py
git commit -m "Add CSV export"
git fetch origin
git rebase origin/main
git push origin feature/export-csv
git stash pop
