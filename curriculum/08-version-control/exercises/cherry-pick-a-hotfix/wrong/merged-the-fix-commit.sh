git switch release/1.4
git merge main~1
