git checkout --theirs config.py
echo DEBUG = False > config.py
echo RATE_LIMIT_PER_MINUTE = 120 >> config.py
echo BURST = 20 >> config.py
echo TIMEOUT_SECONDS = 30 >> config.py
git add config.py
git commit -m "Merge feature/burst: keep the 120 limit"
