git fetch
git stash push -m "debug experiment"
git switch -c feature/export-csv origin/main
echo EXPORT_FORMAT = "'csv'" > export.py
git add export.py
git commit -m "Add CSV export"
git push --set-upstream origin feature/export-csv
git stash pop
