namespace KnowledgeBase.Core.Articles;

public enum MergeChunkKind
{
    /// <summary>Neither side changed these lines.</summary>
    Unchanged,
    /// <summary>Changed only in the current version (someone else's newer edit): kept.</summary>
    Current,
    /// <summary>Changed only by the proposal: applied.</summary>
    Proposed,
    /// <summary>Both sides made the same change.</summary>
    Both,
    /// <summary>Both sides changed these lines differently: a person has to choose.</summary>
    Conflict,
}

/// <summary>
/// One passage of a three-way merge: the lines of the base version, of the current version and of the proposal for
/// the same stretch of text, and what the merge does with it.
/// </summary>
public sealed record MergeChunk(MergeChunkKind Kind, IReadOnlyList<string> Base, IReadOnlyList<string> Current, IReadOnlyList<string> Proposed)
{
    /// <summary>The lines the merge keeps for this passage; a conflict has none of its own (see <see cref="TextMerge.Merged"/>).</summary>
    public IReadOnlyList<string> Result => Kind switch
    {
        MergeChunkKind.Unchanged => Base,
        MergeChunkKind.Current => Current,
        _ => Proposed,
    };
}

/// <summary>The result of merging a proposal's text with a version written since the proposal's base.</summary>
public sealed record TextMerge(IReadOnlyList<MergeChunk> Chunks)
{
    public int ConflictCount => Chunks.Count(c => c.Kind == MergeChunkKind.Conflict);

    public bool HasConflicts => ConflictCount > 0;

    /// <summary>The merged text; null when a passage conflicts.</summary>
    public string? Merged => HasConflicts ? null : string.Join('\n', Chunks.SelectMany(c => c.Result));
}

/// <summary>
/// A line-based three-way merge (diff3): each side's changes against the common base, applied together where they do
/// not touch; changes of both sides that overlap or touch the same lines conflict unless they are identical. Nothing
/// is chosen silently: a conflicting passage is reported with all three texts.
/// </summary>
public static class ThreeWayMerge
{
    public static TextMerge Lines(string @base, string current, string proposed)
    {
        var o = RevisionDiff.SplitLines(@base);
        var a = RevisionDiff.SplitLines(current);
        var b = RevisionDiff.SplitLines(proposed);
        var hunks = Changes(RevisionDiff.Lines(o, a), fromCurrent: true)
            .Concat(Changes(RevisionDiff.Lines(o, b), fromCurrent: false))
            .OrderBy(h => h.Start).ThenBy(h => h.End).ToList();

        var chunks = new List<MergeChunk>();
        var position = 0;
        var k = 0;
        while (k < hunks.Count)
        {
            var group = new List<Change> { hunks[k] };
            int start = hunks[k].Start, end = hunks[k].End;
            // Changes that overlap or touch (one ends where the other starts) are judged together.
            while (k + 1 < hunks.Count && hunks[k + 1].Start <= end)
            {
                k++;
                group.Add(hunks[k]);
                end = Math.Max(end, hunks[k].End);
            }
            k++;

            if (position < start) chunks.Add(Same(o, position, start));
            var baseLines = o[start..end];
            var currentLines = Apply(o, start, end, group.Where(h => h.FromCurrent));
            var proposedLines = Apply(o, start, end, group.Where(h => !h.FromCurrent));
            var kind = group.All(h => h.FromCurrent) ? MergeChunkKind.Current
                : group.All(h => !h.FromCurrent) ? MergeChunkKind.Proposed
                : currentLines.SequenceEqual(proposedLines, StringComparer.Ordinal) ? MergeChunkKind.Both
                : MergeChunkKind.Conflict;
            chunks.Add(new MergeChunk(kind, baseLines, currentLines, proposedLines));
            position = end;
        }
        if (position < o.Length) chunks.Add(Same(o, position, o.Length));
        return new TextMerge(chunks);
    }

    /// <summary>One side's change: base lines [Start, End) replaced by <see cref="Lines"/>.</summary>
    private sealed record Change(int Start, int End, IReadOnlyList<string> Lines, bool FromCurrent);

    private static List<Change> Changes(IReadOnlyList<DiffLine> diff, bool fromCurrent)
    {
        var changes = new List<Change>();
        var baseIndex = 0;
        int? start = null;
        var added = new List<string>();
        foreach (var line in diff)
        {
            if (line.Kind == DiffKind.Same)
            {
                if (start is { } s) changes.Add(new Change(s, baseIndex, added.ToList(), fromCurrent));
                start = null;
                added.Clear();
                baseIndex++;
                continue;
            }
            start ??= baseIndex;
            if (line.Kind == DiffKind.Removed) baseIndex++;
            else added.Add(line.Text);
        }
        if (start is { } last) changes.Add(new Change(last, baseIndex, added.ToList(), fromCurrent));
        return changes;
    }

    private static string[] Apply(string[] o, int start, int end, IEnumerable<Change> changes)
    {
        var result = new List<string>();
        var position = start;
        foreach (var change in changes.OrderBy(c => c.Start))
        {
            result.AddRange(o[position..change.Start]);
            result.AddRange(change.Lines);
            position = change.End;
        }
        result.AddRange(o[position..end]);
        return [.. result];
    }

    private static MergeChunk Same(string[] o, int start, int end)
    {
        var lines = o[start..end];
        return new MergeChunk(MergeChunkKind.Unchanged, lines, lines, lines);
    }
}
