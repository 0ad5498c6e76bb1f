name = input().strip()
port = input().strip()
print("Starting", name, "on http://localhost:", port)
print("Press CTRL+C to quit")
