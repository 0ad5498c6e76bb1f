git branch feature/rate-limit
git switch feature/rate-limit
echo "LIMIT_PER_MINUTE = 60" > ratelimit.py
git add ratelimit.py
git commit -m "Add rate limit setting"
