"""Independent, reproducible random seeds derived from a run's seed, one stream per purpose.

The same derivation as the Java trainer's ``Seeds``: the draws of kick n of a run seeded s come from
``derive(s, KICK, n)``, so a kick replayed after a resume draws exactly what the original drew.
"""

MASK = (1 << 64) - 1

INITIALISATION = 1
SHUFFLE = 2
KICK = 3
DATA = 4


def _mix(z: int) -> int:
    # SplitMix64 finaliser on 64-bit two's complement values, as in Java.
    z &= MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def derive(seed: int, stream: int, index: int) -> int:
    """The seed of draw ``index`` of ``stream`` for a run seeded ``seed``, as an unsigned 64-bit value."""
    return _mix(_mix(_mix(seed) ^ ((stream * 0x9E3779B97F4A7C15) & MASK)) ^ (index & MASK))


def signed(value: int) -> int:
    """The value as Java's signed long."""
    value &= MASK
    return value - (1 << 64) if value >= 1 << 63 else value
