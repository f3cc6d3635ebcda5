namespace KnowledgeBase.Search.Querying;

/// <summary>A bounded min-heap of (document, score): keeps the best N offered, ties going to the earlier document.</summary>
internal sealed class TopDocsHeap(int size)
{
    private readonly float[] _scores = new float[size];
    private readonly int[] _docs = new int[size];
    private int _count;

    public void Offer(int doc, float score)
    {
        if (_count < _scores.Length)
        {
            _scores[_count] = score;
            _docs[_count] = doc;
            SiftUp(_count++);
        }
        else if (Better(score, doc, _scores[0], _docs[0]))
        {
            _scores[0] = score;
            _docs[0] = doc;
            SiftDown(0);
        }
    }

    public List<(int Doc, float Score)> Sorted()
    {
        var results = new List<(int Doc, float Score)>(_count);
        for (var i = 0; i < _count; i++) results.Add((_docs[i], _scores[i]));
        results.Sort((a, b) => Better(a.Score, a.Doc, b.Score, b.Doc) ? -1 : Better(b.Score, b.Doc, a.Score, a.Doc) ? 1 : 0);
        return results;
    }

    private static bool Better(float scoreA, int docA, float scoreB, int docB) => scoreA > scoreB || (scoreA == scoreB && docA < docB);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Better(_scores[parent], _docs[parent], _scores[i], _docs[i])) break;
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var left = 2 * i + 1;
            if (left >= _count) return;
            var worst = left;
            var right = left + 1;
            if (right < _count && Better(_scores[left], _docs[left], _scores[right], _docs[right])) worst = right;
            if (!Better(_scores[i], _docs[i], _scores[worst], _docs[worst])) return;
            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_docs[a], _docs[b]) = (_docs[b], _docs[a]);
    }
}
