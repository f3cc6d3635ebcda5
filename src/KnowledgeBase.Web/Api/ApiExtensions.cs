using KnowledgeBase.Core.Api;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Web.Api.OpenApi;
using KnowledgeBase.Web.Api.Webhooks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KnowledgeBase.Web.Api;

/// <summary>Wiring of the REST API: the ApiKey scheme and scope policies, stores, filters, the webhook dispatcher and OpenAPI.</summary>
public static class ApiExtensions
{
    public const string AuthenticatedPolicy = "api:key";

    public static string ScopePolicy(string scope) => "api:" + scope;

    public static void AddKnowledgeBaseApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration("Api");
        services.TryAddSingleton<ReuseLedger>();
        services.TryAddSingleton<ReuseReports>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<ApiReads>();
        services.AddSingleton<ApiUrls>();
        services.AddSingleton<ApiRateLimiter>();
        services.AddSingleton<RateLimitFilter>();
        services.AddSingleton<IdempotencyFilter>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookDispatcher>();
        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);

        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var policies = services.AddAuthorizationBuilder()
            .AddPolicy(AuthenticatedPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        foreach (var scope in ApiScopes.All)
            policies.AddPolicy(ScopePolicy(scope), p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope));

        // Malformed JSON throws instead of answering an empty 400, so ApiPipeline can say what is wrong with it.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.AllowTrailingCommas = false);
        services.AddOpenApi("v1", ApiOpenApi.Configure);
    }

    /// <summary>The API's own middleware; call it after the status-code pages and before authentication.</summary>
    public static IApplicationBuilder UseKnowledgeBaseApi(this IApplicationBuilder app) => app.UseMiddleware<ApiPipeline>();

    public static void MapKnowledgeBaseApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(AuthenticatedPolicy)
            .AddEndpointFilter<RateLimitFilter>()
            .AddEndpointFilter<IdempotencyFilter>()
            .AddEndpointFilter<DomainErrorFilter>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapArticlesApi();
        api.MapChangesApi();
        api.MapCategoriesApi();
        api.MapTicketsApi();
        api.MapTicketLinksApi();
        api.MapReportsApi();
        api.MapWebhooksApi();
        // Anything else under /api/v1 is a problem+json 404, not the site's page or a sign-in redirect.
        api.Map("/{**path}", (HttpContext context) => ApiProblems.NotFoundProblem($"There is no API endpoint {context.Request.Path}."))
            .ExcludeFromDescription();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapGet("/api", () => Results.Redirect("/api-reference/")).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>Requires an API key with the scope; a key without it gets 403 naming the scope.</summary>
    public static RouteHandlerBuilder RequireScope(this RouteHandlerBuilder builder, string scope) =>
        builder.RequireAuthorization(ScopePolicy(scope)).WithMetadata(new RequiredScope(scope));
}
