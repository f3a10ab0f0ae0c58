def check(v):
    if v < 0:
        raise ValueError(f"negative value: {v}")
    return v
check(1)
check(-5)
# error@3: ValueError: negative value: -5
