git switch release/1.4
git cherry-pick --no-commit main~1
git commit -m "Fix crash on empty cart"
