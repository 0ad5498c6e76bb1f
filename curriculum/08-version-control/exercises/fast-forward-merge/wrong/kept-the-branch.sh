git merge fix/login-timeout
