# 1. Annotated tag v1.2.0 on HEAD, message: Release 1.2.0
# 2. Annotated tag v1.1.0 on the commit "Bump version to 1.1.0", message: Release 1.1.0
