git log -S "MAX_UPLOAD_MB = 500"
