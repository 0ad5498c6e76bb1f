git stash
