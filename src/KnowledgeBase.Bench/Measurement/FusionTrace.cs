using System.Globalization;
using System.Text.Json;
using KnowledgeBase.Bench.Corpus;
using KnowledgeBase.Search;

namespace KnowledgeBase.Bench.Measurement;

/// <summary>
/// For choosing the fusion: per query, its shape (words, codes, unknown words) and every candidate from either side
/// with both scores, as JSON lines. Any weighting can then be replayed on the same data.
/// </summary>
public static class FusionTrace
{
    private const int Dense = 100;

    public static void Write(string path, ArticleSearchService service, IReadOnlyList<QuerySet> sets, IReadOnlyList<IntakeTicket>? intake, TextWriter progress)
    {
        using var writer = new StreamWriter(path);
        foreach (var set in sets)
            foreach (var query in set.Queries)
                Line(set.Name, query.Text, query.ExpectedId, likeTicket: false, query.Text, null);
        foreach (var ticket in intake ?? [])
            Line(IntakeSet.Name, $"{ticket.Subject}\n{ticket.Subject}\n{ticket.Description}", ticket.ExpectedId, likeTicket: true, ticket.Subject,
                ArticleSearchService.TicketMeaning(ticket.Subject, ticket.Description));
        progress.WriteLine($"trace: {path}");

        void Line(string set, string text, string expected, bool likeTicket, string label, string? meaning)
        {
            var (shape, hits) = service.ExplainFusion(text, likeTicket, Dense, meaning);
            writer.WriteLine(JsonSerializer.Serialize(new
            {
                set,
                query = label,
                expected,
                words = shape.Words,
                codes = shape.Codes,
                unknown = shape.Unknown,
                exact = shape.Exact,
                // [id, lexical score, cosine with the whole text's vector, cosine with the symptoms' vector or null]
                hits = hits.Select(h => new object?[] { h.Id, Math.Round(h.Lexical, 4), h.Similarity is { } s ? Math.Round(s, 4) : null,
                    h.Symptoms is { } y ? Math.Round(y, 4) : null }),
            }));
        }
    }
}
