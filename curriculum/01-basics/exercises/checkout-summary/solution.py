# Work in whole cents (ints): float amounts would drift, and the printed lines must add up.
subtotal = round(float(input()) * 100)
coupon = input().strip().upper()

discount = 0
if coupon == "SAVE10":
    discount = (subtotal + 5) // 10  # 10 %, half a cent rounded up

discounted = subtotal - discount
shipping = 0 if discounted >= 5000 else 499
total = discounted + shipping

print(f"Subtotal: {subtotal / 100:.2f}")
print(f"Discount: {discount / 100:.2f}")
print(f"Shipping: {shipping / 100:.2f}")
print(f"Total: {total / 100:.2f}")
