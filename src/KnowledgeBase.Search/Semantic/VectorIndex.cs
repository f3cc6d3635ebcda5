using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// Every article's vectors in memory, as 8-bit codes with one scale per vector and one sign bit a dimension (436 bytes a
/// vector: 44 MB for 100,000 articles with one each), searched by brute force. An article has one or two vectors — its
/// whole text and, when it has an Issue section, its symptoms (<see cref="EmbeddingText.ForSymptoms"/>) — and is as alike a query as the
/// nearer of them. Int8 kept 0.99 of the float32 top 10 and scans several times faster; the quality benchmark reports
/// both.
/// </summary>
/// <remarks>
/// Above <see cref="ExactScanLimit"/> vectors a scan first compares one bit a dimension (the sign: 48 bytes a vector,
/// a few megabytes that stay in the CPU's cache, where the codes are 75 MB at 100,000 articles that must come from
/// memory) and multiplies the codes of only the nearest few thousand by those bits; at 100,000 articles blended from
/// the kb-eval vectors that kept 99.1 % of the exact nearest 64 and took the scan from 4.4 ms to 1.3 ms
/// (docs/semantic-search.md). Below it every vector is compared exactly.
/// Writes (one article at a time, from the background embedder and the index sync) take a lock; scans read without
/// one. A slot being overwritten while a scan reads it can give that one search a blend of the old and new vector,
/// which only moves that article's score a little, once.
/// </remarks>
public sealed class VectorIndex
{
    private readonly Lock _writeLock = new();
    private readonly Dictionary<string, (int Whole, int Symptoms)> _slots = new(StringComparer.Ordinal);
    private readonly Stack<int> _free = new();
    private volatile Store _store;
    private int _withSymptoms;

    public VectorIndex(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        Dimensions = dimensions;
        _store = new Store(dimensions, 1024);
    }

    public int Dimensions { get; }

    /// <summary>Articles held (each with one or two vectors).</summary>
    public int Count
    {
        get { lock (_writeLock) return _slots.Count; }
    }

    /// <summary>Articles held with a second vector for their symptoms.</summary>
    public int WithSymptoms
    {
        get { lock (_writeLock) return _withSymptoms; }
    }

    /// <summary>Up to this many vectors every one is compared exactly (under half a millisecond).</summary>
    internal const int ExactScanLimit = 16_384;

    /// <summary>How many of the nearest by sign bits are compared exactly: at least this many, and 16 per slot wanted.</summary>
    internal const int ShortlistMinimum = 4_000;

    private int SignWords => (Dimensions + 63) / 64;

    private sealed class Store(int dimensions, int capacity)
    {
        public readonly sbyte[] Codes = new sbyte[dimensions * capacity];
        public readonly ulong[] Signs = new ulong[(dimensions + 63) / 64 * capacity];
        public readonly float[] Scales = new float[capacity];
        public readonly string?[] Ids = new string?[capacity];
        public int Used;
        public int Capacity => Scales.Length;
    }

    public bool Contains(string id)
    {
        lock (_writeLock) return _slots.ContainsKey(id);
    }

    /// <summary>Sets an article's vectors: its whole text's and, optionally, its symptoms' (empty: none).</summary>
    public void Set(string id, ReadOnlySpan<float> vector, ReadOnlySpan<float> symptoms = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (vector.Length != Dimensions) throw new ArgumentException($"expected {Dimensions} dimensions, got {vector.Length}", nameof(vector));
        if (symptoms.Length != 0 && symptoms.Length != Dimensions)
            throw new ArgumentException($"expected {Dimensions} dimensions, got {symptoms.Length}", nameof(symptoms));
        lock (_writeLock)
        {
            if (!_slots.TryGetValue(id, out var slots)) slots = (Take(), -1);
            if (symptoms.Length > 0 && slots.Symptoms < 0)
            {
                slots.Symptoms = Take();
                _withSymptoms++;
            }
            else if (symptoms.Length == 0 && slots.Symptoms >= 0)
            {
                Release(slots.Symptoms);
                slots.Symptoms = -1;
                _withSymptoms--;
            }
            _slots[id] = slots;
            Write(slots.Whole, id, vector);
            if (slots.Symptoms >= 0) Write(slots.Symptoms, id, symptoms);
        }
    }

    public void Remove(string id)
    {
        lock (_writeLock)
        {
            if (!_slots.Remove(id, out var slots)) return;
            Release(slots.Whole);
            if (slots.Symptoms >= 0)
            {
                Release(slots.Symptoms);
                _withSymptoms--;
            }
        }
    }

    public void Clear()
    {
        lock (_writeLock)
        {
            _slots.Clear();
            _free.Clear();
            _withSymptoms = 0;
            _store = new Store(Dimensions, 1024);
        }
    }

    private void Write(int slot, string id, ReadOnlySpan<float> vector)
    {
        var store = _store;
        store.Scales[slot] = Quantize(vector, store.Codes.AsSpan(slot * Dimensions, Dimensions));
        SignsOf(vector, store.Signs.AsSpan(slot * SignWords, SignWords));
        store.Ids[slot] = id;
    }

    private void Release(int slot)
    {
        var store = _store;
        store.Ids[slot] = null;
        store.Scales[slot] = 0;
        _free.Push(slot);
    }

    private int Take()
    {
        if (_free.Count > 0) return _free.Pop();
        var store = _store;
        if (store.Used == store.Capacity)
        {
            var bigger = new Store(Dimensions, store.Capacity * 2);
            store.Codes.CopyTo(bigger.Codes, 0);
            store.Signs.CopyTo(bigger.Signs, 0);
            store.Scales.CopyTo(bigger.Scales, 0);
            store.Ids.CopyTo(bigger.Ids, 0);
            bigger.Used = store.Used;
            _store = store = bigger;
        }
        return store.Used++;
    }

    /// <summary>The cosine of the query with the nearer of one article's vectors, or null when it has none.</summary>
    public float? Similarity(string id, ReadOnlySpan<float> query)
    {
        (int Whole, int Symptoms) slots;
        lock (_writeLock)
        {
            if (!_slots.TryGetValue(id, out slots)) return null;
        }
        var store = _store;
        var similarity = Dot(store, slots.Whole, query);
        return slots.Symptoms >= 0 ? Math.Max(similarity, Dot(store, slots.Symptoms, query)) : similarity;
    }

    /// <summary>For the benchmark's trace: the cosine with each of an article's vectors (the second null when it has none).</summary>
    internal (float Whole, float? Symptoms)? SimilarityParts(string id, ReadOnlySpan<float> query)
    {
        (int Whole, int Symptoms) slots;
        lock (_writeLock)
        {
            if (!_slots.TryGetValue(id, out slots)) return null;
        }
        var store = _store;
        return (Dot(store, slots.Whole, query), slots.Symptoms >= 0 ? Dot(store, slots.Symptoms, query) : null);
    }

    private float Dot(Store store, int slot, ReadOnlySpan<float> query)
    {
        var codes = store.Codes.AsSpan(slot * Dimensions, Dimensions);
        var sum = 0f;
        for (var i = 0; i < codes.Length; i++) sum += codes[i] * query[i];
        return sum * store.Scales[slot];
    }

    /// <summary>The <paramref name="count"/> articles most alike the query (a unit vector), best first.</summary>
    public List<(string Id, float Similarity)> Nearest(ReadOnlySpan<float> query, int count)
    {
        if (query.Length != Dimensions) throw new ArgumentException($"expected {Dimensions} dimensions, got {query.Length}", nameof(query));
        var store = _store;
        Span<sbyte> q = stackalloc sbyte[Dimensions];
        var queryScale = Quantize(query, q);
        if (queryScale == 0 || count <= 0) return [];
        // The query's codes widened once to 16 bits: each article's codes are widened and multiplied-and-added pairwise
        // (vpmaddwd) against them, 16 or 32 dimensions an instruction.
        Span<short> wide = stackalloc short[Dimensions];
        for (var i = 0; i < Dimensions; i++) wide[i] = q[i];
        // An article may hold two vectors: the best 2 × count slots hold the best count articles.
        var slotsWanted = Volatile.Read(ref _withSymptoms) > 0 ? 2 * count : count;
        var heap = new PriorityQueue<int, float>(slotsWanted + 1);
        var used = Volatile.Read(ref store.Used);
        var worst = float.NegativeInfinity;
        if (used <= ExactScanLimit)
        {
            for (var slot = 0; slot < used; slot++) Consider(slot, wide);
        }
        else
        {
            // The shortlist: slots whose sign bits differ from the query's in the fewest dimensions.
            var words = SignWords;
            Span<ulong> querySigns = stackalloc ulong[words];
            SignsOf(query, querySigns);
            var distances = System.Buffers.ArrayPool<ushort>.Shared.Rent(used);
            Span<int> histogram = stackalloc int[Dimensions + 1];
            histogram.Clear();
            try
            {
                // Free slots are compared too (their codes are skipped below by their zero scale): one tight loop.
                HammingDistances(store.Signs, querySigns, used, distances, histogram);
                var wanted = Math.Max(ShortlistMinimum, 16 * slotsWanted);
                var cutoff = 0;
                for (var seen = histogram[0]; cutoff < Dimensions && seen < wanted; seen += histogram[++cutoff]) { }
                for (var slot = 0; slot < used; slot++)
                    if (distances[slot] <= cutoff) Consider(slot, wide);
            }
            finally
            {
                System.Buffers.ArrayPool<ushort>.Shared.Return(distances);
            }
        }

        void Consider(int slot, ReadOnlySpan<short> queryCodes)
        {
            var scale = store.Scales[slot];
            if (scale == 0) return;
            var score = DotInt8(queryCodes, store.Codes.AsSpan(slot * Dimensions, Dimensions)) * scale;
            if (heap.Count < slotsWanted)
            {
                heap.Enqueue(slot, score);
                if (heap.Count == slotsWanted) heap.TryPeek(out _, out worst);
            }
            else if (score > worst)
            {
                heap.EnqueueDequeue(slot, score);
                heap.TryPeek(out _, out worst);
            }
        }

        var best = new Dictionary<string, float>(heap.Count, StringComparer.Ordinal);
        while (heap.TryDequeue(out var slot, out var score))
            if (store.Ids[slot] is { } id) best[id] = Math.Max(best.GetValueOrDefault(id, float.NegativeInfinity), score * queryScale);
        var results = best.Select(b => (b.Key, b.Value)).ToList();
        results.Sort((a, b) => b.Item2 != a.Item2 ? b.Item2.CompareTo(a.Item2) : string.CompareOrdinal(a.Item1, b.Item1));
        if (results.Count > count) results.RemoveRange(count, results.Count - count);
        return results;
    }

    private static void HammingDistances(ulong[] signs, ReadOnlySpan<ulong> query, int slots, ushort[] distances, Span<int> histogram)
    {
        ref var row = ref MemoryMarshal.GetArrayDataReference(signs);
        ref var q = ref MemoryMarshal.GetReference(query);
        var words = query.Length;
        if (words == 6)
        {
            // 384 dimensions (the model's): unrolled.
            ulong q0 = q, q1 = Unsafe.Add(ref q, 1), q2 = Unsafe.Add(ref q, 2), q3 = Unsafe.Add(ref q, 3), q4 = Unsafe.Add(ref q, 4), q5 = Unsafe.Add(ref q, 5);
            for (var slot = 0; slot < slots; slot++)
            {
                ref var r = ref Unsafe.Add(ref row, slot * 6);
                var distance = BitOperations.PopCount(r ^ q0) + BitOperations.PopCount(Unsafe.Add(ref r, 1) ^ q1)
                    + BitOperations.PopCount(Unsafe.Add(ref r, 2) ^ q2) + BitOperations.PopCount(Unsafe.Add(ref r, 3) ^ q3)
                    + BitOperations.PopCount(Unsafe.Add(ref r, 4) ^ q4) + BitOperations.PopCount(Unsafe.Add(ref r, 5) ^ q5);
                distances[slot] = (ushort)distance;
                histogram[distance]++;
            }
            return;
        }
        for (var slot = 0; slot < slots; slot++)
        {
            var distance = 0;
            for (var w = 0; w < words; w++) distance += BitOperations.PopCount(Unsafe.Add(ref row, slot * words + w) ^ Unsafe.Add(ref q, w));
            distances[slot] = (ushort)distance;
            histogram[distance]++;
        }
    }

    /// <summary>One bit a dimension: set where the value is above zero.</summary>
    private static void SignsOf(ReadOnlySpan<float> vector, Span<ulong> signs)
    {
        signs.Clear();
        for (var d = 0; d < vector.Length; d++)
            if (vector[d] > 0) signs[d >> 6] |= 1UL << (d & 63);
    }

    /// <summary>Codes in −127…127 with one scale: value ≈ code × scale.</summary>
    internal static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var max = 0f;
        foreach (var v in vector) max = Math.Max(max, Math.Abs(v));
        if (max == 0) { codes.Clear(); return 0; }
        var scale = max / 127f;
        for (var i = 0; i < vector.Length; i++) codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127, 127);
        return scale;
    }

    internal static int DotInt8(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        Span<short> wide = a.Length <= 1024 ? stackalloc short[a.Length] : new short[a.Length];
        for (var i = 0; i < a.Length; i++) wide[i] = a[i];
        return DotInt8(wide, b);
    }

    /// <summary>The dot product of 16-bit query codes with 8-bit article codes (each product fits 15 bits, sums 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int DotInt8(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> codes)
    {
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var c = ref MemoryMarshal.GetReference(codes);
        var length = codes.Length;
        var i = 0;
        var sum = 0;
        if (Avx512BW.IsSupported && length >= 32)
        {
            var acc = Vector512<int>.Zero;
            for (; i <= length - 32; i += 32)
            {
                var article = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref c, (nuint)i));
                acc = Avx512F.Add(acc, Avx512BW.MultiplyAddAdjacent(article, Vector512.LoadUnsafe(ref q, (nuint)i)));
            }
            sum = Vector512.Sum(acc);
        }
        else if (Avx2.IsSupported && length >= 16)
        {
            var acc = Vector256<int>.Zero;
            for (; i <= length - 16; i += 16)
            {
                var article = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref c, (nuint)i));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(article, Vector256.LoadUnsafe(ref q, (nuint)i)));
            }
            sum = Vector256.Sum(acc);
        }
        else if (Vector.IsHardwareAccelerated && length >= Vector<short>.Count)
        {
            var acc = Vector<int>.Zero;
            var step = Vector<short>.Count;
            Span<short> widened = stackalloc short[step];
            for (; i <= length - step; i += step)
            {
                for (var k = 0; k < step; k++) widened[k] = Unsafe.Add(ref c, i + k);
                var product = new Vector<short>(widened) * new Vector<short>(query.Slice(i, step));
                Vector.Widen(product, out var low, out var high);
                acc += low + high;
            }
            sum = Vector.Sum(acc);
        }
        for (; i < length; i++) sum += Unsafe.Add(ref q, i) * Unsafe.Add(ref c, i);
        return sum;
    }
}
