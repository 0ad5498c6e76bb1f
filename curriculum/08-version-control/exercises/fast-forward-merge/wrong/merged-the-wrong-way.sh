git switch fix/login-timeout
git merge main
