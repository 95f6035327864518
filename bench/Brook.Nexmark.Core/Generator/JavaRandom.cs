namespace Brook.Nexmark.Generator;

/// <summary>
/// java.util.Random's linear congruential generator, bit for bit: Nexmark seeds one per event with the event id,
/// so the same algorithm gives the same names, prices and ids as the Java generator.
/// </summary>
internal struct JavaRandom(long seed)
{
    private const long Multiplier = 0x5DEECE66DL;
    private const long Mask = (1L << 48) - 1;
    private long _seed = (seed ^ Multiplier) & Mask;

    private int Next(int bits)
    {
        _seed = (_seed * Multiplier + 0xBL) & Mask;
        return (int)((ulong)_seed >> (48 - bits));
    }

    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound));
        if ((bound & -bound) == bound) return (int)((bound * (long)Next(31)) >> 31);
        int bits, value;
        do
        {
            bits = Next(31);
            value = bits % bound;
        }
        while (bits - value + (bound - 1) < 0);
        return value;
    }

    public int NextInt() => Next(32);

    public long NextLong() => ((long)Next(32) << 32) + Next(32);

    public double NextDouble() => (((long)Next(26) << 27) + Next(27)) * (1.0 / (1L << 53));
}
