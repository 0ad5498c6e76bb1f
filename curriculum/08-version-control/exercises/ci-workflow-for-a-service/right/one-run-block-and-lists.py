"""Another spelling: flow lists, a multi-line run block, `on` quoted, needs as a list."""

WORKFLOW = '''
"on":
  pull_request: {}
  push:
    tags:
      - "v*"
    branches:
      - main
name: CI
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        python-version:
          - "3.11"
          - "3.12"
          - "3.13"
    steps:
      - name: Check out
        uses: actions/checkout@v4.2.2
      - name: Set up Python
        uses: actions/setup-python@v6
        with:
          python-version: "${{ matrix.python-version }}"
          cache: pip
      - name: Install
        run: python -m pip install -e '.[dev]'
      - name: Checks
        run: |
          ruff check .
          mypy src
          pytest -q
  deploy:
    runs-on: ubuntu-latest
    needs: [test]
    if: "startsWith(github.ref, 'refs/tags/v')"
    steps:
      - uses: actions/checkout@v4
      - name: Deploy
        env:
          DEPLOY_TOKEN: "${{ secrets.DEPLOY_TOKEN }}"
        run: ./scripts/deploy.sh
'''
