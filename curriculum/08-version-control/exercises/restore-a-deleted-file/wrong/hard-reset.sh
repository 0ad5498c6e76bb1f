git reset --hard
