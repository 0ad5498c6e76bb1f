git reset --hard HEAD~2
