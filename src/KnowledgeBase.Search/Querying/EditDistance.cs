namespace KnowledgeBase.Search.Querying;

/// <summary>Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), as Lucene's fuzzy automata count edits.</summary>
internal static class EditDistance
{
    public static int Compute(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        var rows = a.Length + 1;
        var cols = b.Length + 1;
        Span<int> d = rows * cols <= 1024 ? stackalloc int[rows * cols] : new int[rows * cols];
        for (var i = 0; i < rows; i++) d[i * cols] = i;
        for (var j = 0; j < cols; j++) d[j] = j;
        for (var i = 1; i < rows; i++)
        {
            for (var j = 1; j < cols; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1), d[(i - 1) * cols + j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    value = Math.Min(value, d[(i - 2) * cols + j - 2] + 1);
                d[i * cols + j] = value;
            }
        }
        return d[rows * cols - 1];
    }
}
