using KnowledgeBase.Core.Changes;
using KnowledgeBase.Data.Indexing;
using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Import;
using KnowledgeBase.Search;
using KnowledgeBase.Search.Sync;
using KnowledgeBase.Web.Semantic;
using KnowledgeBase.Web.Api;
using KnowledgeBase.Web.Attachments;
using KnowledgeBase.Web.Components;
using KnowledgeBase.Web.Identity;
using KnowledgeBase.Web.Notifications;
using KnowledgeBase.Web.Observability;
using KnowledgeBase.Web.Proposals;
using KnowledgeBase.Web.Reports;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using KnowledgeBase.Web.Throttling;
using KnowledgeBase.Web.Tickets;

using KnowledgeBase.Web.Psa;

using KnowledgeBase.Web.Export;

namespace KnowledgeBase.Web.Hosting;

public static class KnowledgeBaseExtensions
{
    /// <summary>Registers options, storage, the article store and importer, health checks and the Blazor UI.</summary>
    public static void AddKnowledgeBase(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration("Database");
        services.AddOptions<StorageOptions>().BindConfiguration("Storage");
        services.AddOptions<ContentOptions>().BindConfiguration("Content");
        services.AddSingleton<KnowledgeBasePaths>();
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton(sp =>
        {
            var provider = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider;
            var paths = sp.GetRequiredService<KnowledgeBasePaths>();
            var connectionString = sp.GetRequiredService<IConfiguration>().GetConnectionString("KnowledgeBase");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                if (provider != DatabaseProvider.Sqlite)
                    throw new InvalidOperationException("ConnectionStrings:KnowledgeBase is required when Database:Provider is PostgreSql (e.g. Host=db;Database=knowledgebase;Username=kb;Password=…).");
                connectionString = $"Data Source={paths.SqliteDatabaseFile}";
            }
            return new KnowledgeBaseContextFactory(provider, connectionString);
        });
        services.AddSingleton<IDbContextFactory<KnowledgeBaseDbContext>>(sp => sp.GetRequiredService<KnowledgeBaseContextFactory>());
        services.AddSingleton<ChangeSignal>();
        services.AddOptions<KnowledgeBase.Web.Cluster.NodeOptions>().BindConfiguration("Node");
        services.AddSingleton<KnowledgeBase.Web.Cluster.NodeIdentity>();
        services.AddSingleton<KnowledgeBase.Data.Cluster.LeaseStore>();
        services.AddSingleton<ArticleStore>();
        services.AddSingleton<ProposalReads>();
        services.AddSingleton<ArticleReads>();
        services.AddSingleton<KnowledgeBase.Data.Articles.ClientDirectory>();
        services.AddSingleton<KnowledgeBase.Data.Categories.CategoryReads>();
        services.AddSingleton<KnowledgeBase.Data.Tickets.TicketReads>();
        services.AddSingleton<KnowledgeBase.Data.Owners.OwnerDirectory>();
        services.AddSingleton<KnowledgeBase.Data.Owners.OwnerAssignments>();
        services.AddSingleton<ContentImporter>();
        services.TryAddSingleton<KnowledgeBase.Data.Tickets.ReuseLedger>();
        services.TryAddSingleton<KnowledgeBase.Data.Reports.ReuseReports>();
        services.AddHttpContextAccessor();
        services.AddScoped<KnowledgeBase.Web.Tickets.PinnedTicket>();
        services.AddHostedService<DatabaseInitializer>();

        services.AddOptions<SearchOptions>().BindConfiguration("Search")
            .Validate(o => o.MaxLag >= 0, "Search:MaxLag must be 0 or more (changes the index may be behind the database before /health says Degraded).")
            .Validate(o => SearchIndexOptions.TryParseDirectory(o.Directory, out _),
                "Search:Directory must be paged (the default: index pages read once and kept in memory) or niofs (Lucene's NIOFSDirectory: no copy of the index in memory).")
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var configured = sp.GetRequiredService<IOptions<SearchOptions>>().Value.SynonymsPath;
            var paths = sp.GetRequiredService<KnowledgeBasePaths>();
            var path = !string.IsNullOrWhiteSpace(configured)
                ? Path.GetFullPath(configured, sp.GetRequiredService<IHostEnvironment>().ContentRootPath)
                : paths.ContentDirectory is { } content ? Path.Combine(content, "synonyms.txt") : null;
            return new SynonymsFile(path, sp.GetRequiredService<ILogger<SynonymsFile>>());
        });
        services.AddSingleton(sp =>
        {
            var synonyms = sp.GetRequiredService<SynonymsFile>();
            var search = sp.GetRequiredService<IOptions<SearchOptions>>().Value;
            var cacheEntries = search.ResultCacheEntries;
            if (cacheEntries is < 0 or > 1_000_000)
                throw new InvalidOperationException($"Search:ResultCacheEntries must be between 0 and 1000000 (got {cacheEntries}).");
            return new SearchIndexHost(Path.Combine(sp.GetRequiredService<KnowledgeBasePaths>().DataDirectory, "index"),
                () => synonyms.Current, SearchIndexOptions.Default with { ResultCacheEntries = cacheEntries, Directory = DirectoryOf(search) }, sp.GetRequiredService<ILoggerFactory>(),
                sp.GetRequiredService<KnowledgeBase.Search.Semantic.SemanticSearch>());
        });
        services.AddKnowledgeBaseSemantic();
        services.AddSingleton<IArticleChangeFeed, ArticleChangeFeed>();
        services.AddSingleton<IndexSynchronizer>();
        services.AddHostedService<SearchSyncService>();
        services.AddHostedService<HtmlRefreshService>();

        // Bounded: a database that does not answer is reported as such instead of hanging the probe.
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5))
            .AddCheck<SearchHealthCheck>("search", tags: [ReadyTag]);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddScoped<CircuitConnection>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler>(sp => sp.GetRequiredService<CircuitConnection>());
        builder.AddKnowledgeBaseTelemetry();
        builder.AddKnowledgeBaseIdentity();
        builder.AddKnowledgeBaseThrottling();
        builder.AddKnowledgeBaseApi();
        builder.AddKnowledgeBaseReports();
        builder.AddKnowledgeBasePsa();
        builder.AddKnowledgeBaseAttachments();
        builder.AddKnowledgeBaseNotifications();
        builder.AddExport();
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            // Kestrel answers a longer request line itself, with an empty 414 page. The address carries the search (up to
            // 2,000 characters, nine bytes each once percent-encoded) and PSA links to intake carry ticket text.
            o.Limits.MaxRequestLineSize = MaxRequestLineBytes;
        });
    }

    /// <summary>The longest request line (method, address, protocol) Kestrel reads; the default is 8 KiB.</summary>
    public const int MaxRequestLineBytes = 64 * 1024;

    public const string ReadyTag = "ready";

    /// <summary>Large enough for the biggest article an editor may save, small enough to refuse floods.</summary>
    public const long MaxRequestBodyBytes = 2 * 1024 * 1024;

    /// <summary>
    /// Blazor's own endpoints declare no access, so the internal fallback would shut customer-audience accounts out of
    /// the interactive connection their search page needs. The connection is any signed-in account's (each component
    /// checks what it shows); the redirect helper serves anyone, as sign-in needs it.
    /// </summary>
    /// <summary>Search:Directory as the index reads it (validated at start: an unknown value never gets here).</summary>
    private static IndexDirectoryKind DirectoryOf(SearchOptions search) =>
        SearchIndexOptions.TryParseDirectory(search.Directory, out var kind) ? kind
            : throw new InvalidOperationException($"Search:Directory must be paged or niofs (got '{search.Directory}').");

    private static void AuthorizeFrameworkEndpoints(EndpointBuilder endpoint)
    {
        if (endpoint is not RouteEndpointBuilder { RoutePattern.RawText: { } pattern }) return;
        if (pattern.StartsWith("/_blazor", StringComparison.Ordinal))
            endpoint.Metadata.Add(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute(PermissionPolicies.SignedIn));
        else if (pattern.StartsWith("/_framework/", StringComparison.Ordinal))
            endpoint.Metadata.Add(new Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute());
    }

    public static WebApplication UseKnowledgeBase(this WebApplication app)
    {
        app.UseKnowledgeBaseForwardedHeaders();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/Error",
                CreateScopeForErrors = true,
                // Bad requests are the client's fault: say 400, not 500.
                StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            });
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseMiddleware<DatabaseOutageMiddleware>();
        app.UseKnowledgeBaseApi();
        app.UseMiddleware<FormBadRequests>();
        app.UseMiddleware<RequestTextGuard>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        // A form post whose antiforgery token is missing or wrong stops here with a clear 400, before anything reads it.
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("This form is out of date or was not sent by this site (antiforgery check failed). Reload the page and try again.");
                return;
            }
            await next();
        });

        // /health: every check (503 when the database is unreachable). /health/live: the process answers (restart it
        // when not). /health/ready: 200 while this node can serve (database reachable; search Ready or Degraded, as the
        // body says), 503 while the database is unreachable (take it out of the load balancer, do not restart it).
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapAdminEndpoints();
        app.MapKnowledgeBaseApi();
        app.MapKnowledgeBaseReports();
        app.MapTicketEndpoints();
        app.MapProposalActions();
        app.MapKnowledgeBasePsa();
        app.MapAttachmentEndpoints();
        app.MapExportEndpoints();
        KnowledgeBase.Web.Owners.OwnerActions.MapOwnerActions(app);
        app.MapKnowledgeBaseNotifications();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().Add(AuthorizeFrameworkEndpoints);
        return app;
    }
}
