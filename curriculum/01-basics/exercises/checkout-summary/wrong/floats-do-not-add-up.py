subtotal = float(input())
coupon = input().strip().upper()

discount = 0.0
if coupon == "SAVE10":
    discount = subtotal * 0.10

discounted = subtotal - discount
shipping = 0.0 if discounted >= 50 else 4.99
total = discounted + shipping

print(f"Subtotal: {subtotal:.2f}")
print(f"Discount: {discount:.2f}")
print(f"Shipping: {shipping:.2f}")
print(f"Total: {total:.2f}")
