git merge --abort
