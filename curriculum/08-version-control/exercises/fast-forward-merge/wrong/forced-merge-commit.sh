git merge --no-ff fix/login-timeout
git branch -d fix/login-timeout
