git branch -D fix/login-timeout
