using System.Globalization;

namespace KnowledgeBase.Web.Reports;

/// <summary>How rates read on the pages and in the CSV files.</summary>
public static class Percent
{
    /// <summary>"52.3%"; a dash when nothing was counted, so an empty period never shows 0% as if it were measured.</summary>
    public static string Format(long part, long whole) => whole <= 0 ? "—" : Format((double)part / whole);

    public static string Format(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>A rate for a spreadsheet: 0–1 with four decimals, empty when nothing was counted.</summary>
    public static string Csv(long part, long whole) => whole <= 0 ? "" : ((double)part / whole).ToString("0.####", CultureInfo.InvariantCulture);
}
