namespace KnowledgeBase.Core.Attachments;

/// <summary>
/// What a file is, as its bytes say (<see cref="FileSniffer"/>), and how it may be served. Only raster images are shown
/// inline; everything else, SVG included (it can carry script), is served as a download.
/// </summary>
/// <param name="MediaType">The Content-Type it is served with.</param>
/// <param name="Extension">The extension its download name gets when the uploaded name's does not fit the content.</param>
/// <param name="Description">How people call it, for messages.</param>
/// <param name="IsInlineImage">PNG, JPEG, GIF or WebP: shown in the article and served inline.</param>
/// <param name="NameExtensions">Extensions an uploaded name may keep for this content (a .docx is a ZIP; a .ps1 is text).</param>
public sealed record FileKind(string MediaType, string Extension, string Description, bool IsInlineImage, IReadOnlyList<string> NameExtensions)
{
    public static readonly FileKind Png = new("image/png", "png", "PNG image", true, ["png"]);
    public static readonly FileKind Jpeg = new("image/jpeg", "jpg", "JPEG image", true, ["jpg", "jpeg"]);
    public static readonly FileKind Gif = new("image/gif", "gif", "GIF image", true, ["gif"]);
    public static readonly FileKind WebP = new("image/webp", "webp", "WebP image", true, ["webp"]);
    public static readonly FileKind Svg = new("image/svg+xml", "svg", "SVG drawing", false, ["svg"]);
    public static readonly FileKind Pdf = new("application/pdf", "pdf", "PDF document", false, ["pdf"]);
    public static readonly FileKind Zip = new("application/zip", "zip", "ZIP archive or Office document", false,
        ["zip", "docx", "xlsx", "pptx", "vsdx", "odt", "ods", "odp"]);
    /// <summary>UTF-8 text: logs, scripts, configuration, CSV. HTML is text too and is served as such, never as a page.</summary>
    public static readonly FileKind Text = new("text/plain; charset=utf-8", "txt", "text file", false,
        ["txt", "log", "csv", "tsv", "json", "xml", "md", "yaml", "yml", "ini", "conf", "cfg", "ps1", "psm1", "sh", "sql"]);

    public static readonly IReadOnlyList<FileKind> All = [Png, Jpeg, Gif, WebP, Svg, Pdf, Zip, Text];

    /// <summary>The kind stored under <paramref name="mediaType"/>; null for a type no longer accepted.</summary>
    public static FileKind? OfMediaType(string mediaType) => All.FirstOrDefault(k => k.MediaType == mediaType);

    /// <summary>
    /// The name a download gets: the uploaded name's letters, digits, spaces, dots, dashes and underscores, with an
    /// extension that matches the content (a text file named report.html downloads as report.html.txt).
    /// </summary>
    public string DownloadName(string? requested)
    {
        var name = Path.GetFileName(requested ?? "").Trim();
        var dot = name.LastIndexOf('.');
        var stem = dot > 0 ? name[..dot] : name;
        var extension = dot > 0 ? name[(dot + 1)..].ToLowerInvariant() : "";
        var safeStem = new string(stem.Select(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' ? c : '_').ToArray()).Trim(' ', '.');
        if (safeStem.Length > 100) safeStem = safeStem[..100];
        if (safeStem.Length == 0) safeStem = IsInlineImage ? "image" : "file";
        if (NameExtensions.Contains(extension)) return $"{safeStem}.{extension}";
        return extension.Length > 0 && extension.Length <= 10 && extension.All(char.IsAsciiLetterOrDigit)
            ? $"{safeStem}.{extension}.{Extension}"
            : $"{safeStem}.{Extension}";
    }
}
