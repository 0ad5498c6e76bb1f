git branch -f release/1.4 main~1
