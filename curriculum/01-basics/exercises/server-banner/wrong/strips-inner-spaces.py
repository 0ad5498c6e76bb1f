name = input().replace(" ", "")
port = input().replace(" ", "")
print(f"Starting {name} on http://localhost:{port}")
print("Press CTRL+C to quit")
