namespace KnowledgeBase.Search.Querying;

/// <summary>
/// One searchable word of a query after analysis: a plain word, a number or code, or an identifier that also has
/// parts (<c>outlook.exe</c> → <c>outlook</c>, <c>exe</c>). Offsets point into the analysed text.
/// </summary>
internal sealed class QueryUnit
{
    public required string Term { get; init; }
    public required string Type { get; init; }
    /// <summary>The text as typed (before lower-casing and stemming).</summary>
    public required string Surface { get; init; }
    public required int Position { get; init; }
    public required int Start { get; init; }
    public required int End { get; set; }
    /// <summary>Stemmable words only; codes and identifiers are matched as written.</summary>
    public required bool IsWord { get; init; }
    public List<(string Term, int Position)> Parts { get; } = [];
    public string? Catenated { get; set; }

    public bool HasParts => Parts.Count >= 2;

    /// <summary>The terms a phrase over this unit uses, with absolute positions (identifiers by their parts).</summary>
    public IEnumerable<(string Term, int Position)> PhraseTerms => HasParts ? Parts : [(Term, Position)];

    public int LastPosition => HasParts ? Parts[^1].Position : Position;
}
