import sys
lines = sys.stdin.read().split("\n")
name, port = lines[0].strip(), lines[1].strip()
sys.stdout.write("Starting %s on http://localhost:%s\nPress CTRL+C to quit\n" % (name, port))
