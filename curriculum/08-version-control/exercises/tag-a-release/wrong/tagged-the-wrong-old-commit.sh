git tag -a v1.2.0 -m "Release 1.2.0"
git tag -a v1.1.0 HEAD~4 -m "Release 1.1.0"
