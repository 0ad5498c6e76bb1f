def resolve(zone, name, rtype="A"):
    return {"status": "NXDOMAIN", "chain": [name], "addresses": [], "ttl": None}
