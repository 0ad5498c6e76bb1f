subtotal = input()
coupon = input()

# Work out the discount, the shipping and the total, then print the four lines.
print(f"Subtotal: {subtotal}")
