"""Open-world layouts: the o-series (placeholder)."""


def generate_open(out, seed=2020, only=None):
    pass
