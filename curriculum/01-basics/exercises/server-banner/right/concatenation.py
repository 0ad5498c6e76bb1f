service = input()
port = input()
print("Starting " + service.strip() + " on http://localhost:" + port.strip())
print("Press CTRL+C to quit")
