from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

subtotal = Decimal(input().strip())
coupon = input().strip().upper()

discount = Decimal("0")
if coupon == "SAVE10":
    discount = (subtotal / 10).quantize(CENT, rounding=ROUND_HALF_UP)

after_discount = subtotal - discount
shipping = Decimal("0") if after_discount >= 50 else Decimal("4.99")
total = after_discount + shipping

for label, amount in (("Subtotal", subtotal), ("Discount", discount),
                      ("Shipping", shipping), ("Total", total)):
    print(f"{label}: {amount:.2f}")
