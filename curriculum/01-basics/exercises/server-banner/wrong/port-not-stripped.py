name = input().strip()
port = input()
print(f"Starting {name} on http://localhost:{port}")
print("Press CTRL+C to quit")
