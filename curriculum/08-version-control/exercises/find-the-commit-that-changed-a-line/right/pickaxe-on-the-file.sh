git log --oneline -S'MAX_UPLOAD_MB = 500' -- settings.py
