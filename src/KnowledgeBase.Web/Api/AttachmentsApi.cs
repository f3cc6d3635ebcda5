using KnowledgeBase.Core.Api;
using KnowledgeBase.Data.Attachments;
using KnowledgeBase.Web.Api.OpenApi;
using KnowledgeBase.Web.Attachments;

namespace KnowledgeBase.Web.Api;

/// <summary>
/// Attachments through the API (docs/attachments.md): upload a file (the raw bytes as the body), list the files an article
/// links to, fetch one. The same store, limits, type rules, serving headers and audience rule as the site.
/// </summary>
public static class AttachmentsApi
{
    private static readonly object Example = new
    {
        sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        fileName = "outlook-password-prompt.png", mediaType = "image/png", length = 48213, isImage = true,
        url = "/attachments/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08/outlook-password-prompt.png",
        markdown = "![outlook-password-prompt](/attachments/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08/outlook-password-prompt.png)",
    };

    public sealed record AttachmentList(IReadOnlyList<AttachmentInfo> Items);

    public static RouteGroupBuilder MapAttachmentsApi(this RouteGroupBuilder api)
    {
        var attachments = api.MapGroup("/").WithTags("Attachments");
        attachments.MapPost("/attachments", UploadAsync).Operation(ApiOperations.UploadAttachment)
            // Any content type: the bytes decide what the file is (the document names octet-stream as the usual one).
            .Accepts<Stream>("application/octet-stream", "*/*")
            .Produces<AttachmentInfo>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Upload a file or image")
            .WithDescription("The body is the file's bytes; fileName (query) names it. The type is decided by the content, not the name or Content-Type: PNG, JPEG, GIF, WebP, SVG, PDF, ZIP/Office and UTF-8 text are accepted (programs and unknown binaries: 415). At most Attachments:MaxFileBytes (10 MB by default: 413). The same bytes are stored once. Link the answer's markdown into an article (PUT/PATCH) to keep the file: uploads no article links to are removed after a day.")
            .WithExamples("<the file's bytes>", Example);
        attachments.MapGet("/attachments/{sha256}", GetAsync).Operation(ApiOperations.GetAttachment)
            .Produces(StatusCodes.Status200OK, typeof(Stream), "application/octet-stream")
            .WithSummary("Fetch a file")
            .WithDescription("The file's bytes with its content type, X-Content-Type-Options: nosniff, Content-Disposition (inline for PNG, JPEG, GIF and WebP, attachment for everything else) and an immutable ETag (the hash; If-None-Match answers 304). name (query) sets the download's name. A file is found only through an article revision the key's audience may see (a customer key: a Validated Customer version); otherwise 404, as for a missing file.")
            .WithExamples(response: "<the file's bytes>");
        attachments.MapGet("/articles/{id}/attachments", ListAsync).Operation(ApiOperations.ListArticleAttachments)
            .WithSummary("List the files an article links to")
            .WithDescription("The files the article's current version links to, with the address and Markdown of each. An article the key's audience may not see is 404.")
            .WithExamples(response: new { items = new[] { Example } });
        return api;
    }

    private static async Task<IResult> UploadAsync(string? fileName, AttachmentStore store, HttpContext http)
    {
        var caller = ApiCaller.Of(http.User);
        var outcome = await AttachmentEndpoints.ReceiveAsync(http, store, fileName, caller.Actor.Name);
        if (outcome.File is not { } file)
        {
            var (type, title) = outcome.Status switch
            {
                StatusCodes.Status413PayloadTooLarge => (ApiProblems.PayloadTooLarge, "File too large"),
                StatusCodes.Status415UnsupportedMediaType => (ApiProblems.TypePrefix + "file-type-refused", "File type not accepted"),
                _ => (ApiProblems.Validation, "Empty file"),
            };
            return ApiProblems.Problem(outcome.Status, type, title, outcome.Message);
        }
        return TypedResults.Created($"/api/v1/attachments/{file.Sha256}", AttachmentInfo.Of(file));
    }

    private static async Task<IResult> GetAsync(string sha256, string? name, AttachmentStore store, HttpContext http)
    {
        var caller = ApiCaller.Of(http.User);
        return await store.FindVisibleAsync(sha256, caller.Viewer, name, http.RequestAborted) is { } file
            ? new AttachmentEndpoints.FileResult(file, store)
            : ApiProblems.NotFoundProblem($"There is no file {sha256} that this key may read.");
    }

    private static async Task<IResult> ListAsync(string id, AttachmentStore store, HttpContext http)
    {
        var caller = ApiCaller.Of(http.User);
        return await store.ListForArticleAsync(id, caller.Viewer, http.RequestAborted) is { } files
            ? TypedResults.Ok(new AttachmentList(files.Select(AttachmentInfo.Of).ToList()))
            : ApiProblems.NotFoundProblem($"There is no article '{id}'.");
    }
}
