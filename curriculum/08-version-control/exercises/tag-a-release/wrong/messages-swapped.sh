git tag -a v1.2.0 -m "Release 1.1.0"
git tag -a v1.1.0 HEAD~3 -m "Release 1.2.0"
