# Create the branch feature/rate-limit and switch to it,
# then add ratelimit.py (one line: LIMIT_PER_MINUTE = 60)
# and commit it with the message: Add rate limit setting
