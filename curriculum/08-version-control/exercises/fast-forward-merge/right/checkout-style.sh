git checkout main
git merge fix/login-timeout
git branch -d fix/login-timeout
git log --oneline --graph
