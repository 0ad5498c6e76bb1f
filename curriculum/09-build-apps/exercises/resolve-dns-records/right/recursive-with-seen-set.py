def _key(name):
    return name[:-1].lower() if name.endswith(".") else name.lower()


def _fail():
    return {"status": "SERVFAIL", "chain": [], "addresses": [], "ttl": None}


def _walk(by_name, name, rtype, chain, ttls, seen):
    if name in seen:
        return _fail()
    seen.add(name)
    chain = chain + [name]
    records = by_name.get(name, [])
    if not records:
        return {"status": "NXDOMAIN", "chain": chain, "addresses": [], "ttl": None}
    for record in records:
        if record["type"] == "CNAME":
            if len(chain) > 8:
                return _fail()
            return _walk(by_name, _key(record["value"]), rtype, chain, ttls + [record["ttl"]], seen)
    answer = [record for record in records if record["type"] == rtype]
    return {
        "status": "NOERROR",
        "chain": chain,
        "addresses": [record["value"] for record in answer],
        "ttl": min(ttls + [record["ttl"] for record in answer]) if answer else None,
    }


def resolve(zone, name, rtype="A"):
    by_name = {}
    for record in zone:
        by_name.setdefault(_key(record["name"]), []).append(record)
    return _walk(by_name, _key(name), rtype, [], [], set())
