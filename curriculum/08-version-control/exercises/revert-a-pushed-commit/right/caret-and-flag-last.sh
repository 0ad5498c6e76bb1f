git revert HEAD^ --no-edit
