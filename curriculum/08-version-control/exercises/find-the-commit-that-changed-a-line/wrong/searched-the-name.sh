git log -S MAX_UPLOAD_MB --oneline
