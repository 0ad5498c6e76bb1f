def is_balanced(text):
    brackets = "".join(char for char in text if char in "()[]{}")
    while True:
        shorter = brackets.replace("()", "").replace("[]", "").replace("{}", "")
        if shorter == brackets:
            return shorter == ""
        brackets = shorter
