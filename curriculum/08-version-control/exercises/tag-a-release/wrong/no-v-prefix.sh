git tag -a 1.2.0 -m "Release 1.2.0"
git tag -a 1.1.0 HEAD~3 -m "Release 1.1.0"
