namespace KnowledgeBase.Bench.Reporting;

/// <summary>A plain fixed-width table: text columns left-aligned, figures right-aligned.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length) throw new ArgumentException($"expected {headers.Length} cells", nameof(cells));
        _rows.Add(cells);
    }

    public void Write(TextWriter output)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        // A column is numeric when every row's cell starts like a number; those read best right-aligned.
        var numeric = headers.Select((_, i) => _rows.Count > 0 && _rows.All(r => r[i].Length > 0 && (char.IsDigit(r[i][0]) || r[i][0] == '-'))).ToArray();
        WriteRow(output, headers, widths, numeric);
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows) WriteRow(output, row, widths, numeric);
    }

    private static void WriteRow(TextWriter output, string[] cells, int[] widths, bool[] numeric) =>
        output.WriteLine(string.Join("  ", cells.Select((c, i) => numeric[i] ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
}
