using KnowledgeBase.Search.Analysis;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace KnowledgeBase.Search.Querying;

/// <summary>Runs query text through the index analyzer and groups identifier parts with their whole.</summary>
internal static class QueryAnalysis
{
    public static List<QueryUnit> Analyze(Analyzer analyzer, string text)
    {
        var units = new List<QueryUnit>();
        if (string.IsNullOrWhiteSpace(text)) return units;
        using var stream = analyzer.GetTokenStream("text", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        var keyword = stream.AddAttribute<IKeywordAttribute>();
        stream.Reset();
        var position = -1;
        QueryUnit? compound = null;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            var value = term.ToString();
            if (type.Type == ItTokenizer.TypePart && compound is not null && offset.StartOffset >= compound.Start && offset.EndOffset <= compound.End)
            {
                // A part at the same position as an earlier part is the hyphen-free spelling of the whole.
                if (increment.PositionIncrement == 0 && compound.Parts.Count > 0) compound.Catenated = value;
                else compound.Parts.Add((value, position));
                continue;
            }
            var unit = new QueryUnit
            {
                Term = value,
                Type = type.Type,
                Surface = text[offset.StartOffset..offset.EndOffset],
                Position = position,
                Start = offset.StartOffset,
                End = offset.EndOffset,
                IsWord = type.Type == ItTokenizer.TypeWord && !keyword.IsKeyword,
            };
            units.Add(unit);
            compound = type.Type == ItTokenizer.TypeCompound ? unit : null;
        }
        stream.End();
        return units;
    }
}
