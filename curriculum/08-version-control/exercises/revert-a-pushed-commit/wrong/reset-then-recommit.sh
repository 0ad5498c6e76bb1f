git reset --hard HEAD~2
echo "# Checkout API" > API.md
echo "POST /checkout takes a cart and returns the order total." >> API.md
git add API.md
git commit -m "Document the checkout API"
