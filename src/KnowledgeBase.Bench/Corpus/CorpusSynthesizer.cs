using System.Globalization;
using System.Text;
using KnowledgeBase.Bench.Engines;

namespace KnowledgeBase.Bench.Corpus;

/// <summary>
/// Grows the real articles to a larger corpus for speed runs. Each new article takes a real one as its skeleton (so
/// lengths, headings and section order stay real) and fills it with paragraphs from that article, a second "donor"
/// article and the whole corpus, some spliced at sentence level. Every word comes from a real article, so term
/// frequencies, posting-list lengths and query selectivity stay close to a real knowledge base of that size.
/// The same seed gives the same corpus on every machine.
/// </summary>
public static class CorpusSynthesizer
{
    /// <summary>Synthetic ids count up from here: seven digits, so they never collide with kb-eval's six.</summary>
    public const int FirstSyntheticId = 1_000_000;

    public static IReadOnlyList<BenchArticle> Build(IReadOnlyList<BenchArticle> real, int count, int seed)
    {
        // The real articles come first, so the query files' expected ids are still in the corpus.
        if (count <= real.Count) return real.Take(count).ToList();

        var random = new Random(seed);
        var paragraphs = real.Select(a => SplitParagraphs(a.Body)).ToArray();
        var pool = paragraphs.SelectMany(p => p).ToArray();
        var titles = real.Select(a => a.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();

        var corpus = new List<BenchArticle>(count);
        corpus.AddRange(real);
        var body = new StringBuilder();
        for (var n = 0; corpus.Count < count; n++)
        {
            var skeleton = random.Next(real.Count);
            var donor = random.Next(real.Count);
            body.Clear();
            foreach (var own in paragraphs[skeleton])
            {
                if (body.Length > 0) body.Append("\n\n");
                var roll = random.NextDouble();
                var paragraph = roll switch
                {
                    < 0.35 => own,
                    < 0.65 => Pick(paragraphs[donor], random) ?? own,
                    _ => pool[random.Next(pool.Length)],
                };
                // Splicing sentences of two prose paragraphs makes text no real article holds, as new articles do.
                if (random.NextDouble() < 0.3 && IsProse(paragraph))
                    paragraph = Splice(paragraph, pool[random.Next(pool.Length)], random);
                body.Append(paragraph);
            }
            var id = (FirstSyntheticId + n).ToString(CultureInfo.InvariantCulture);
            corpus.Add(new BenchArticle(id, MixTitle(titles[skeleton], titles[donor], random), body.ToString()));
        }
        return corpus;
    }

    private static string[] SplitParagraphs(string body) =>
        body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string? Pick(string[] items, Random random) => items.Length == 0 ? null : items[random.Next(items.Length)];

    private static bool IsProse(string paragraph) =>
        paragraph.Length > 0 && char.IsLetter(paragraph[0]) && !paragraph.Contains('\n', StringComparison.Ordinal);

    /// <summary>The first sentences of one paragraph followed by the last ones of another (prose only: no lists, code or headings).</summary>
    private static string Splice(string first, string second, Random random)
    {
        if (!IsProse(second)) return first;
        var a = Sentences(first);
        var b = Sentences(second);
        if (a.Count + b.Count < 3) return first;
        var keep = random.Next(1, a.Count + 1);
        var take = random.Next(0, b.Count + 1);
        return string.Join(' ', a.Take(keep).Concat(b.Skip(b.Count - take)));
    }

    private static List<string> Sentences(string paragraph)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < paragraph.Length - 1; i++)
        {
            if (paragraph[i] is '.' or '?' or '!' && paragraph[i + 1] == ' ')
            {
                sentences.Add(paragraph[start..(i + 1)]);
                start = i + 2;
            }
        }
        if (start < paragraph.Length) sentences.Add(paragraph[start..]);
        return sentences;
    }

    /// <summary>The start of one real title and the end of another, about as long as the first.</summary>
    private static string MixTitle(string[] skeleton, string[] donor, Random random)
    {
        if (skeleton.Length == 0 || donor.Length == 0) return string.Join(' ', skeleton.Length > 0 ? skeleton : donor);
        var head = random.Next(1, skeleton.Length + 1);
        var tail = Math.Min(donor.Length, Math.Max(1, skeleton.Length - head));
        return string.Join(' ', skeleton.Take(head).Concat(donor.Skip(donor.Length - tail)));
    }
}
