using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Data.Api;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Data.Tickets;
using KnowledgeBase.Web.Api.OpenApi;
using KnowledgeBase.Web.Api.Webhooks;
using KnowledgeBase.Web.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Api;

/// <summary>Wiring of the REST API: the ApiKey scheme and scope policies, stores, filters, the webhook dispatcher and OpenAPI.</summary>
public static class ApiExtensions
{
    public const string AuthenticatedPolicy = "api:key";

    /// <summary>The authorization policy of an operation: its scope, and for internal operations an internal-audience key.</summary>
    public static string OperationPolicy(ApiOperation operation) => "api:" + operation.Scope + (operation.InternalOnly ? ":internal" : "");

    public static void AddKnowledgeBaseApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration("Api")
            .Validate(o => WebhookTargets(o) is not null, "Api:Webhooks:AllowedNetworks must hold CIDR ranges such as 10.20.0.0/16 or fd12:3456::/48.")
            .ValidateOnStart();
        services.AddSingleton(sp => WebhookTargets(sp.GetRequiredService<IOptions<ApiOptions>>().Value)
            ?? throw new InvalidOperationException("Api:Webhooks:AllowedNetworks must hold CIDR ranges such as 10.20.0.0/16."));
        services.TryAddSingleton<ReuseLedger>();
        services.TryAddSingleton<ReuseReports>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<WebhookSecretProtector>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<ApiReads>();
        services.AddSingleton<ApiUrls>();
        services.AddSingleton<ApiRateLimiter>();
        services.AddSingleton<RateLimitFilter>();
        services.AddSingleton<IdempotencyFilter>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookDispatcher>();
        // Deliveries connect only to addresses the target policy allows, judged as they connect (DNS may have changed
        // since the subscription); no redirects, no cookies, and no proxy (a proxy would connect for us, unchecked).
        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, UseCookies = false, UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectCallback = WebhookSender.ConnectCallback(sp.GetRequiredService<WebhookTargetPolicy>()),
            })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);

        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var policies = services.AddAuthorizationBuilder()
            .AddPolicy(AuthenticatedPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        // One policy per distinct row of the scope table (ApiOperations): the scope, and the operation's surface decided
        // by the same access policy as the site's pages (a customer key never reaches an internal operation).
        foreach (var operation in ApiOperations.All.DistinctBy(OperationPolicy))
        {
            policies.AddPolicy(OperationPolicy(operation), p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, operation.Scope)
                .AddRequirements(new AccessRequirement(operation.Surface, Core.Lifecycle.KcsPermission.ReadAndLink)));
        }

        // A request whose parameters cannot be bound throws instead of answering an empty 400, so the answer can say what
        // is wrong: ApiPipeline answers API requests with problem+json (malformed JSON with its path, line and byte), and
        // FormBadRequests answers site form posts with a message naming the field. Without it neither could name it.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.AllowTrailingCommas = false);
        services.AddOpenApi("v1", ApiOpenApi.Configure);
    }

    private static WebhookTargetPolicy? WebhookTargets(ApiOptions options)
    {
        try
        {
            return new WebhookTargetPolicy(options.Webhooks.AllowPrivateTargets, options.Webhooks.AllowedNetworks);
        }
        catch (ArgumentException)
        {
            return null;
        }
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
        api.MapProposalsApi();
        api.MapAttachmentsApi();
        // Anything else under /api/v1 is a problem+json 404, not the site's page or a sign-in redirect.
        api.Map("/{**path}", (HttpContext context) => ApiProblems.NotFoundProblem($"There is no API endpoint {context.Request.Path}."))
            .ExcludeFromDescription();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapGet("/api", () => Results.Redirect("/api-reference/")).AllowAnonymous().ExcludeFromDescription();
        // Static files are served by their full name only: the folder's address serves its page. Routing treats
        // "/api-reference" and "/api-reference/" alike; the page's links are relative, so the first is sent to the second.
        app.MapGet("/api-reference/", (HttpContext context, IWebHostEnvironment environment) =>
            !context.Request.Path.Value!.EndsWith('/') ? Results.Redirect("/api-reference/")
            : environment.WebRootFileProvider.GetFileInfo("api-reference/index.html") is { Exists: true } page
                ? Results.Stream(page.CreateReadStream(), "text/html; charset=utf-8")
                : Results.NotFound()).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>
    /// Names the endpoint after its row of the scope table and requires what the row says: a key with the scope (else
    /// 403 naming it) and, for internal operations, an internal-audience key (else 403).
    /// </summary>
    public static RouteHandlerBuilder Operation(this RouteHandlerBuilder builder, ApiOperation operation) =>
        builder.WithName(operation.Name).RequireAuthorization(OperationPolicy(operation)).WithMetadata(operation);
}
