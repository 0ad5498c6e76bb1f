name = input("Service name: ").strip()
port = input("Port: ").strip()
print(f"Starting {name} on http://localhost:{port}")
print("Press CTRL+C to quit")
