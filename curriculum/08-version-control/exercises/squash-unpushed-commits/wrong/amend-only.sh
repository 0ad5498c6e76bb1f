git commit --amend -m "Add response cache"
