git switch -c feature/rate-limit HEAD~1
echo LIMIT_PER_MINUTE = 60 > ratelimit.py
git add ratelimit.py
git commit -m "Add rate limit setting"
