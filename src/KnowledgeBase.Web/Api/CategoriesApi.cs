using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Categories;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Web.Api.Contracts;
using KnowledgeBase.Web.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeBase.Web.Api;

/// <summary>The category (workflow) tree with owners, for mapping PSA boards and types to categories.</summary>
public static class CategoriesApi
{
    public static RouteGroupBuilder MapCategoriesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/categories", Categories).WithTags("Categories").Operation(ApiOperations.GetCategories)
            .WithSummary("The category tree with owners")
            .WithDescription("Every ticket category (workflow) with its accountable owner and review interval, nested by parent.")
            .WithExamples(response: ApiExamples.Categories);
        return api;
    }

    public static async Task<Ok<CategoryTreeResponse>> Categories(ApiReads reads, HttpContext http)
    {
        // Owners are internal bookkeeping (AccessPolicy.MaySeeWorkflow): a customer key gets the tree without them.
        var showOwners = ApiCaller.Of(http.User).Viewer.MaySeeWorkflow();
        var all = await reads.CategoriesWithOwnersAsync(http.RequestAborted);
        var byParent = all.ToLookup(c => c.Category.ParentId is { } p && all.Any(x => x.Category.Id == p) ? p : null);
        IReadOnlyList<CategoryNode> Children(string? parent, int depth) => depth > 20 ? [] :
            byParent[parent].Select(c => new CategoryNode(c.Category.Id, c.Category.Name, showOwners ? c.Owner : null, c.Category.ReviewIntervalDays, c.Category.Description, Children(c.Category.Id, depth + 1))).ToList();
        return TypedResults.Ok(new CategoryTreeResponse(Children(null, 0)));
    }
}
