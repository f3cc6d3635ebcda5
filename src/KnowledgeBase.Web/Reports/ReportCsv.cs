using System.Globalization;
using System.Text;
using KnowledgeBase.Web.Identity;

namespace KnowledgeBase.Web.Reports;

/// <summary>Builds a CSV download: a header row, then one line per row, each cell quoted as <see cref="AdminEndpoints.Csv"/> does (RFC 4180, formula guard).</summary>
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

    private static string Cell(object? value) => value switch
    {
        null => "",
        string s => AdminEndpoints.Csv(s),
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        double x => x.ToString("0.####", CultureInfo.InvariantCulture),
        IFormattable f => AdminEndpoints.Csv(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => AdminEndpoints.Csv(value.ToString() ?? ""),
    };
}
