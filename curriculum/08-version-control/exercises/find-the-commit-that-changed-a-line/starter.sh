# Print the commit(s) that introduced the text: MAX_UPLOAD_MB = 500
# (git blame shows the last commit to touch the line, which is not the one you want)
