echo DEBUG = False > config.py
echo RATE_LIMIT_PER_MINUTE = 120 >> config.py
echo BURST = 20 >> config.py
echo TIMEOUT_SECONDS = 30 >> config.py
git add .
git merge --continue
