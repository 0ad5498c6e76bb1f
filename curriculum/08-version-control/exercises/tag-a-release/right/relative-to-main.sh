git tag --annotate v1.1.0 main~3 --message "Release 1.1.0"
git tag --annotate v1.2.0 main --message "Release 1.2.0"
