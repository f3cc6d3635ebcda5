using KnowledgeBase.Core.Articles;
using KnowledgeBase.Data.Export;
using KnowledgeBase.Web.Identity;

namespace KnowledgeBase.Web.Export;

/// <summary>
/// The portable ZIP from the site (docs/import-export.md): the whole knowledge base for Knowledge Domain Experts and
/// Admins, one article from its page for any internal account. Customer-audience accounts reach neither (the access
/// policy's internal surface; the exporter refuses them too).
/// </summary>
public static class ExportEndpoints
{
    public static void AddExport(this IHostApplicationBuilder builder) => builder.Services.AddSingleton<KnowledgeBaseExporter>();

    public static void MapExportEndpoints(this WebApplication app)
    {
        app.MapGet("/export/knowledge-base.zip", (KnowledgeBaseExporter exporter, TimeProvider clock, HttpContext http) =>
                ZipAsync(exporter, http, null, $"knowledge-base-{clock.GetUtcNow():yyyy-MM-dd}.zip"))
            .RequireAuthorization(PermissionPolicies.ManageDomain);
        app.MapGet("/articles/{id}/export.zip", (string id, KnowledgeBaseExporter exporter, HttpContext http) =>
                ZipAsync(exporter, http, id, $"{id}.zip"))
            .RequireAuthorization(PermissionPolicies.ReadAndLink);
    }

    /// <summary>
    /// Written to a temporary file first (deleted when sent): the ZIP is built with the database's pieces one at a time,
    /// never whole in memory, and the browser learns its size.
    /// </summary>
    private static async Task<IResult> ZipAsync(KnowledgeBaseExporter exporter, HttpContext http, string? articleId, string fileName)
    {
        var path = Path.Combine(Path.GetTempPath(), "kb-export-" + Guid.NewGuid().ToString("N") + ".zip");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await exporter.WriteAsync(file, http.User.ViewerOf(), articleId, http.RequestAborted);
            file.Position = 0;
            return Results.File(file, "application/zip", fileName);
        }
        catch (ArticleNotFoundException)
        {
            await file.DisposeAsync();
            return Results.NotFound();
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
