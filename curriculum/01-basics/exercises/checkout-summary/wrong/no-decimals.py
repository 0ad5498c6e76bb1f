subtotal = float(input())
coupon = input().strip().upper()

discount = 0
if coupon == "SAVE10":
    discount = subtotal * 0.10

discounted = subtotal - discount
shipping = 0 if discounted >= 50 else 4.99
total = discounted + shipping

print("Subtotal:", subtotal)
print("Discount:", discount)
print("Shipping:", shipping)
print("Total:", total)
