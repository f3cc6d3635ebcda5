using System.Globalization;
using System.Text;

namespace KnowledgeBase.Core.Articles;

public enum DiffKind
{
    Same,
    Added,
    Removed,
}

public sealed record DiffLine(DiffKind Kind, string Text);

/// <summary>A run of changed lines with a few unchanged lines of context around it (1-based line numbers, as in a unified diff).</summary>
public sealed record DiffHunk(int BeforeStart, int BeforeCount, int AfterStart, int AfterCount, IReadOnlyList<DiffLine> Lines);

/// <summary>A line diff between two versions of an article body (longest common subsequence), for the revision history and proposals.</summary>
public static class RevisionDiff
{
    /// <summary>
    /// Above this many lines per side, once the common head and tail are set aside, the diff falls back to "all removed,
    /// all added" rather than use quadratic memory.
    /// </summary>
    public const int MaxLines = 4000;

    public static IReadOnlyList<DiffLine> Lines(string before, string after) => Lines(SplitLines(before), SplitLines(after));

    public static IReadOnlyList<DiffLine> Lines(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        // Most edits touch a few lines of a long article: the shared head and tail need no table.
        var head = 0;
        while (head < a.Count && head < b.Count && a[head] == b[head]) head++;
        var tail = 0;
        while (tail < a.Count - head && tail < b.Count - head && a[a.Count - 1 - tail] == b[b.Count - 1 - tail]) tail++;

        var result = new List<DiffLine>(a.Count + b.Count);
        for (var i = 0; i < head; i++) result.Add(new DiffLine(DiffKind.Same, a[i]));
        Middle(a, b, head, a.Count - tail, head, b.Count - tail, result);
        for (var i = a.Count - tail; i < a.Count; i++) result.Add(new DiffLine(DiffKind.Same, a[i]));
        return result;
    }

    private static void Middle(IReadOnlyList<string> a, IReadOnlyList<string> b, int aStart, int aEnd, int bStart, int bEnd, List<DiffLine> result)
    {
        int n = aEnd - aStart, m = bEnd - bStart;
        if (n > MaxLines || m > MaxLines)
        {
            for (var i = aStart; i < aEnd; i++) result.Add(new DiffLine(DiffKind.Removed, a[i]));
            for (var j = bStart; j < bEnd; j++) result.Add(new DiffLine(DiffKind.Added, b[j]));
            return;
        }

        // lcs[i, j] = length of the longest common subsequence of a[aStart + i..] and b[bStart + j..].
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
            for (var j = m - 1; j >= 0; j--)
                lcs[i, j] = a[aStart + i] == b[bStart + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        int x = 0, y = 0;
        while (x < n && y < m)
        {
            if (a[aStart + x] == b[bStart + y]) { result.Add(new DiffLine(DiffKind.Same, a[aStart + x])); x++; y++; }
            else if (lcs[x + 1, y] >= lcs[x, y + 1]) result.Add(new DiffLine(DiffKind.Removed, a[aStart + x++]));
            else result.Add(new DiffLine(DiffKind.Added, b[bStart + y++]));
        }
        while (x < n) result.Add(new DiffLine(DiffKind.Removed, a[aStart + x++]));
        while (y < m) result.Add(new DiffLine(DiffKind.Added, b[bStart + y++]));
    }

    /// <summary>The changed runs of a diff, each with up to <paramref name="context"/> unchanged lines before and after; none when nothing changed.</summary>
    public static IReadOnlyList<DiffHunk> Hunks(IReadOnlyList<DiffLine> diff, int context = 3)
    {
        var hunks = new List<DiffHunk>();
        var changed = Enumerable.Range(0, diff.Count).Where(i => diff[i].Kind != DiffKind.Same).ToList();
        var k = 0;
        while (k < changed.Count)
        {
            var start = Math.Max(0, changed[k] - context);
            var end = Math.Min(diff.Count, changed[k] + 1 + context);
            // Runs whose contexts touch become one hunk.
            while (k + 1 < changed.Count && changed[k + 1] - context <= end)
            {
                k++;
                end = Math.Min(diff.Count, changed[k] + 1 + context);
            }
            k++;
            int beforeLine = 1, afterLine = 1;
            for (var i = 0; i < start; i++)
            {
                if (diff[i].Kind != DiffKind.Added) beforeLine++;
                if (diff[i].Kind != DiffKind.Removed) afterLine++;
            }
            var lines = diff.Skip(start).Take(end - start).ToList();
            var beforeCount = lines.Count(l => l.Kind != DiffKind.Added);
            var afterCount = lines.Count(l => l.Kind != DiffKind.Removed);
            hunks.Add(new DiffHunk(beforeCount == 0 ? beforeLine - 1 : beforeLine, beforeCount, afterCount == 0 ? afterLine - 1 : afterLine, afterCount, lines));
        }
        return hunks;
    }

    /// <summary>The diff as unified-diff text (<c>@@ -a,b +c,d @@</c>, lines prefixed with space, '-' or '+'); empty when nothing changed.</summary>
    public static string Unified(string before, string after, int context = 3)
    {
        var text = new StringBuilder();
        foreach (var hunk in Hunks(Lines(before, after), context))
        {
            text.Append(CultureInfo.InvariantCulture, $"@@ -{hunk.BeforeStart},{hunk.BeforeCount} +{hunk.AfterStart},{hunk.AfterCount} @@\n");
            foreach (var line in hunk.Lines)
                text.Append(line.Kind switch { DiffKind.Added => '+', DiffKind.Removed => '-', _ => ' ' }).Append(line.Text).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The lines of a body as the diff sees them: CRLF read as LF, trailing line breaks ignored.</summary>
    public static string[] SplitLines(string text) =>
        string.IsNullOrEmpty(text) ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
}
