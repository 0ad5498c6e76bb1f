def canonical(name):
    return name.lower().rstrip(".")


def resolve(zone, name, rtype="A"):
    name = canonical(name)
    chain = [name]
    ttls = []
    here = [r for r in zone if canonical(r["name"]) == name]
    if not here:
        return {"status": "NXDOMAIN", "chain": chain, "addresses": [], "ttl": None}
    if here[0]["type"] == "CNAME":
        ttls.append(here[0]["ttl"])
        name = canonical(here[0]["value"])
        chain.append(name)
        here = [r for r in zone if canonical(r["name"]) == name]
        if not here:
            return {"status": "NXDOMAIN", "chain": chain, "addresses": [], "ttl": None}
    answers = [r for r in here if r["type"] == rtype]
    if not answers:
        return {"status": "NOERROR", "chain": chain, "addresses": [], "ttl": None}
    ttls += [r["ttl"] for r in answers]
    return {"status": "NOERROR", "chain": chain, "addresses": [r["value"] for r in answers], "ttl": min(ttls)}
