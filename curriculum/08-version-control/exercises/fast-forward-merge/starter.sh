# You are on main. Merge fix/login-timeout into main (a fast-forward),
# then delete the branch fix/login-timeout.
