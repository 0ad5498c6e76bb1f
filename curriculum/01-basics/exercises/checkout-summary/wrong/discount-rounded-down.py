cents = round(float(input()) * 100)
coupon = input().strip().upper()

discount = 0
if coupon == "SAVE10":
    discount = cents // 10

shipping = 0 if cents - discount >= 5000 else 499
total = cents - discount + shipping

print(f"Subtotal: {cents / 100:.2f}")
print(f"Discount: {discount / 100:.2f}")
print(f"Shipping: {shipping / 100:.2f}")
print(f"Total: {total / 100:.2f}")
