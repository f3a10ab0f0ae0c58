print("factorize")
