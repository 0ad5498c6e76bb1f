git log --oneline -L /MAX_UPLOAD_MB/,+1:settings.py
