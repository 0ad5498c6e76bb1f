git log --oneline -G "MAX_UPLOAD_MB = 500"
