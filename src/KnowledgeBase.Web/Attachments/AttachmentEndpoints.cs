using KnowledgeBase.Core.Attachments;
using KnowledgeBase.Data.Attachments;
using KnowledgeBase.Web.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Attachments;

/// <summary>
/// The site's file addresses: <c>GET /attachments/{sha256}/{name}</c> serves a file to whoever may see an article
/// revision linking to it (a customer gets the same 404 for an internal article's file as for a missing one), and
/// <c>POST /attachments?name=…</c> takes the editor's uploads (internal authors; the raw file as the body, with the
/// page's antiforgery token in a header) — over plain HTTP, not the Blazor connection, whose messages are capped.
/// </summary>
public static class AttachmentEndpoints
{
    public static void AddKnowledgeBaseAttachments(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AttachmentOptions>().BindConfiguration("Attachments")
            .Validate(o => o.MaxFileBytes > 0 && o.MaxArticleBytes >= o.MaxFileBytes,
                "Attachments:MaxFileBytes must be above 0 and Attachments:MaxArticleBytes at least as large.")
            .Validate(o => o.OrphanAge > TimeSpan.Zero && o.CleanupInterval > TimeSpan.Zero, "Attachments:OrphanAge and Attachments:CleanupInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AttachmentOptions>>().Value.Limits);
        services.AddSingleton<AttachmentStore>();
        services.AddHostedService<AttachmentCleanupService>();
    }

    public static void MapAttachmentEndpoints(this WebApplication app)
    {
        app.MapMethods(AttachmentLinks.PathPrefix + "{sha256}/{name?}", [HttpMethods.Get, HttpMethods.Head], GetAsync)
            .RequireAuthorization(PermissionPolicies.CustomerFacing);
        app.MapPost("/attachments", UploadAsync)
            .RequireAuthorization(PermissionPolicies.CreateDraft)
            .WithMetadata(new RequireAntiforgeryTokenAttribute());
    }

    private static async Task<IResult> GetAsync(string sha256, string? name, AttachmentStore store, HttpContext http)
    {
        if (await store.FindVisibleAsync(sha256, http.User.ViewerOf(), name, http.RequestAborted) is not { } file) return Results.NotFound();
        return new FileResult(file, store);
    }

    private static async Task<IResult> UploadAsync(string? name, AttachmentStore store, HttpContext http)
    {
        var actor = http.User.ActorOf();
        if (actor is null) return Results.Forbid();
        var outcome = await ReceiveAsync(http, store, name, actor.Name);
        return outcome.File is { } file
            ? Results.Json(AttachmentInfo.Of(file), statusCode: StatusCodes.Status201Created)
            : Results.Json(new { message = outcome.Message }, statusCode: outcome.Status);
    }

    /// <summary>The outcome of receiving an upload: the stored file, or the status and message that say why not.</summary>
    public sealed record Received(StoredAttachment? File, int Status, string Message);

    /// <summary>
    /// Reads the request body into the store (site and API alike): 413 before reading when the declared length is over
    /// the limit, and while reading when the body turns out longer; 415 for a refused type; 400 for an empty file.
    /// </summary>
    public static async Task<Received> ReceiveAsync(HttpContext http, AttachmentStore store, string? name, string uploadedBy)
    {
        var limit = store.Limits.MaxFileBytes;
        var tooLarge = $"{(string.IsNullOrWhiteSpace(name) ? "The file" : $"“{Path.GetFileName(name)}”")} is larger than {AttachmentLimits.Describe(limit)}, the most one file may be.";
        if (http.Request.ContentLength > limit) return new(null, StatusCodes.Status413PayloadTooLarge, tooLarge);
        // The site's and the API's general body limits are for forms and JSON; a file may be as large as its own limit
        // (the store stops reading one byte past it).
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit + 1;
        try
        {
            var file = await store.StoreAsync(http.Request.Body, name, uploadedBy, http.RequestAborted);
            return new(file, StatusCodes.Status201Created, "");
        }
        catch (AttachmentRefusedException refused)
        {
            return new(null, refused.Refusal switch
            {
                AttachmentRefusal.TooLarge => StatusCodes.Status413PayloadTooLarge,
                AttachmentRefusal.RefusedType => StatusCodes.Status415UnsupportedMediaType,
                _ => StatusCodes.Status400BadRequest,
            }, refused.Message);
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, StatusCodes.Status413PayloadTooLarge, tooLarge);
        }
    }

    /// <summary>Streams a file with <see cref="AttachmentResponse"/>'s headers.</summary>
    public sealed class FileResult(StoredAttachment file, AttachmentStore store) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => AttachmentResponse.WriteAsync(httpContext, file, store);
    }
}
