git merge --squash fix/login-timeout
git commit -m "Expire idle sessions"
git branch -D fix/login-timeout
