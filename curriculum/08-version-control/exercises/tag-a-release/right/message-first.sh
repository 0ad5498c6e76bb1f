git tag -m "Release 1.2.0" v1.2.0
git tag -a -m "Release 1.1.0" v1.1.0 HEAD^^^
