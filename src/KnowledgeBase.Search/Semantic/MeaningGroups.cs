namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// Groups short texts (searches that found nothing, subjects of tickets nothing helped with) by meaning, so the
/// content-gap report shows one missing article per group instead of one row per wording. Greedy leader clustering:
/// the heaviest text opens a group, and every later text joins the group whose leader it is closest to, when at least
/// <paramref name="threshold"/> alike. Deterministic, one pass, no number of groups to guess.
/// </summary>
public static class MeaningGroups
{
    /// <summary>
    /// Cosine at which two texts describe the same problem for all-MiniLM-L6-v2: paraphrases of one symptom sit at
    /// 0.6–0.9, related but different problems ("Outlook password prompt" / "Outlook crashes") at 0.4–0.55.
    /// </summary>
    public const float DefaultThreshold = 0.6f;

    /// <returns>Groups of indexes into <paramref name="vectors"/>, heaviest group first, leader first in each.</returns>
    public static IReadOnlyList<IReadOnlyList<int>> Group(IReadOnlyList<float[]> vectors, IReadOnlyList<double> weights, float threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(weights);
        if (vectors.Count != weights.Count) throw new ArgumentException("one weight per vector", nameof(weights));
        var order = Enumerable.Range(0, vectors.Count).OrderByDescending(i => weights[i]).ThenBy(i => i).ToList();
        var groups = new List<List<int>>();
        foreach (var i in order)
        {
            List<int>? best = null;
            var bestSimilarity = threshold;
            foreach (var group in groups)
            {
                var similarity = VectorMath.Dot(vectors[i], vectors[group[0]]);
                if (similarity < bestSimilarity) continue;
                best = group;
                bestSimilarity = similarity;
            }
            if (best is null) groups.Add([i]);
            else best.Add(i);
        }
        return groups.OrderByDescending(g => g.Sum(i => weights[i])).ThenBy(g => g[0]).ToList();
    }
}
