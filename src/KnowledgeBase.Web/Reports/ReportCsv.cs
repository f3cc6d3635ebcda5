using System.Globalization;
using System.Text;

namespace KnowledgeBase.Web.Reports;

/// <summary>
/// The one CSV writer of the site (reports, drill-downs, the audit trail, the index's documents): a header row, then one
/// line per row, RFC 4180 (CRLF line ends, quoted cells) with a guard against cells a spreadsheet would run as formulas.
/// </summary>
public sealed class ReportCsv(params string[] header)
{
    private readonly StringBuilder _text = new StringBuilder().Append(string.Join(',', header)).Append("\r\n");

    public ReportCsv Row(params object?[] cells)
    {
        _text.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
        return this;
    }

    public IResult ToResult(string fileName) => Results.File(Encoding.UTF8.GetBytes(_text.ToString()), "text/csv; charset=utf-8", fileName);

    public override string ToString() => _text.ToString();

    /// <summary>RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula.</summary>
    public static string Quote(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        string s => Quote(s),
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        double x => x.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => Quote(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => Quote(value.ToString() ?? ""),
    };
}
