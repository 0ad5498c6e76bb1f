def is_balanced(text):
    s = "".join(ch for ch in text if ch in "()[]{}")
    while True:
        t = s.replace("()", "").replace("[]", "").replace("{}", "")
        if t == s:
            return s == ""
        s = t
