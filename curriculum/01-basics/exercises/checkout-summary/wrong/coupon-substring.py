cents = round(float(input()) * 100)
coupon = input().upper()

discount = 0
if "SAVE10" in coupon:
    discount = (cents + 5) // 10

shipping = 0 if cents - discount >= 5000 else 499
total = cents - discount + shipping

print(f"Subtotal: {cents / 100:.2f}")
print(f"Discount: {discount / 100:.2f}")
print(f"Shipping: {shipping / 100:.2f}")
print(f"Total: {total / 100:.2f}")
