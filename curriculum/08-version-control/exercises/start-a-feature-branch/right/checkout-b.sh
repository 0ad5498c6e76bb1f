git checkout -b feature/rate-limit
echo LIMIT_PER_MINUTE = 60 > ratelimit.py
git add .
git commit -m "Add rate limit setting"
