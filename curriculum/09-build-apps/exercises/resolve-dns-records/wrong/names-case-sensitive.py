MAX_CNAMES = 8


def canonical(name):
    """Names compare without letter case and without the final root dot."""
    if name.endswith("."):
        name = name[:-1]
    return name


def resolve(zone, name, rtype="A"):
    """Look name up in zone (a list of record dicts) the way a resolver would."""
    records = {}
    for record in zone:
        records.setdefault(canonical(record["name"]), []).append(record)
    current = canonical(name)
    chain = [current]
    ttls = []
    followed = 0
    while True:
        here = records.get(current)
        if here is None:
            return {"status": "NXDOMAIN", "chain": chain, "addresses": [], "ttl": None}
        alias = [r for r in here if r["type"] == "CNAME"]
        if not alias:
            break
        followed += 1
        if followed > MAX_CNAMES:
            return {"status": "SERVFAIL", "chain": [], "addresses": [], "ttl": None}
        ttls.append(alias[0]["ttl"])
        current = canonical(alias[0]["value"])
        chain.append(current)  # a loop runs into the limit
    answers = [r for r in here if r["type"] == rtype]
    if not answers:
        return {"status": "NOERROR", "chain": chain, "addresses": [], "ttl": None}
    ttls.extend(r["ttl"] for r in answers)
    return {
        "status": "NOERROR",
        "chain": chain,
        "addresses": [r["value"] for r in answers],
        "ttl": min(ttls),
    }
