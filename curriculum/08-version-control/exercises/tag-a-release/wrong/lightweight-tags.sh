git tag v1.2.0
git tag v1.1.0 HEAD~3
