git checkout release/1.4
git cherry-pick -x main^
