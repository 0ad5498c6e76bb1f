git merge --ff-only fix/login-timeout
git branch --delete fix/login-timeout
