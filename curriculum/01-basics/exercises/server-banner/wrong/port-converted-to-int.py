name = input().strip()
port = int(input())
print("Starting", name, "on http://localhost:" + str(port))
print("Press CTRL+C to quit")
