git switch -c feature/export-csv
echo EXPORT_FORMAT = "'csv'" > export.py
git add export.py
git commit -m "Add CSV export"
git pull --rebase --autostash origin main
git push --set-upstream origin HEAD
