subtotal = float(input())
coupon = input().strip().upper()

discount = 0.0
if coupon == "SAVE10":
    discount = subtotal * 0.10

shipping = 0.0 if subtotal >= 50 else 4.99
total = subtotal - discount + shipping

print(f"Subtotal: {subtotal:.2f}")
print(f"Discount: {discount:.2f}")
print(f"Shipping: {shipping:.2f}")
print(f"Total: {total:.2f}")
