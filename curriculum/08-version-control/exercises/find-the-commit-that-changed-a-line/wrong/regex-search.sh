git log -G MAX_UPLOAD_MB --oneline
