# Read the service name and the port, then print the banner.
name = input()
