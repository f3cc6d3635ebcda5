using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace KnowledgeBase.Web.Api;

/// <summary>
/// Opaque paging cursors: base64url of "v1:{kind}:{position}". Clients pass them back unchanged; anything else (or a
/// cursor of another list) is a 400.
/// </summary>
public static class Cursor
{
    public static string Encode(string kind, string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"v1:{kind}:{position}"));

    public static string Encode(string kind, long position) => Encode(kind, position.ToString(CultureInfo.InvariantCulture));

    /// <summary>True with the position when <paramref name="cursor"/> is a cursor of this kind; true with null when none was given.</summary>
    public static bool TryDecode(string? cursor, string kind, out string? position)
    {
        position = null;
        if (string.IsNullOrEmpty(cursor)) return true;
        if (cursor.Length > 400) return false;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var prefix = $"v1:{kind}:";
            if (!text.StartsWith(prefix, StringComparison.Ordinal)) return false;
            position = text[prefix.Length..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static bool TryDecode(string? cursor, string kind, out long position)
    {
        position = 0;
        if (!TryDecode(cursor, kind, out string? text)) return false;
        return text is null || (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out position) && position >= 0);
    }

    /// <summary>The request's own URL with <c>cursor</c> replaced: the target of <c>Link: &lt;…&gt;; rel="next"</c>.</summary>
    public static string NextLink(HttpRequest request, string nextCursor)
    {
        var query = request.Query.Where(q => !q.Key.Equals("cursor", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append("cursor=" + Uri.EscapeDataString(nextCursor));
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }

    public static void AddNextLink(HttpContext context, string? nextCursor)
    {
        if (nextCursor is not null) context.Response.Headers.Append("Link", $"<{NextLink(context.Request, nextCursor)}>; rel=\"next\"");
    }
}
