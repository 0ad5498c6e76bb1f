git merge --abort
git merge -X theirs feature/burst
