using KnowledgeBase.Web.Hosting;
using KnowledgeBase.Data.Attachments;
using Microsoft.Net.Http.Headers;

namespace KnowledgeBase.Web.Attachments;

/// <summary>
/// How a stored file is served, on the site and through the API alike: its own content type with nosniff (set on every
/// response by SecurityHeaders), cached for good by its hash (the address never changes meaning; private, since who may
/// fetch it depends on the account), shown inline only when it is a raster image, downloaded otherwise (SVG included),
/// and under a sandboxing Content-Security-Policy, so even a file a browser were tricked into rendering runs nothing.
/// </summary>
public static class AttachmentResponse
{
    public const string CacheControl = "private, max-age=31536000, immutable";

    /// <summary>No script, no styles from elsewhere, no plugins, no forms, no same-origin access: the file is inert.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";

    public static async Task WriteAsync(HttpContext http, StoredAttachment file, AttachmentStore store)
    {
        var response = http.Response;
        var etag = $"\"{file.Sha256}\"";
        response.Headers.CacheControl = CacheControl;
        response.Headers.ETag = etag;
        http.UseStricterPolicy(ContentSecurityPolicy);
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && (v.Contains(etag, StringComparison.Ordinal) || v.Trim() == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        var disposition = new ContentDispositionHeaderValue(file.Kind.IsInlineImage ? "inline" : "attachment");
        disposition.SetHttpFileName(file.FileName);
        response.Headers.ContentDisposition = disposition.ToString();
        response.ContentType = file.Kind.MediaType;
        response.ContentLength = file.Length;
        if (HttpMethods.IsHead(http.Request.Method)) return;
        await store.CopyToAsync(file.Sha256, response.Body, http.RequestAborted);
    }
}
