echo DEBUG = False > config.py
echo RATE_LIMIT = 120 >> config.py
echo BURST = 20 >> config.py
echo TIMEOUT_SECONDS = 30 >> config.py
git add config.py
git commit --no-edit
