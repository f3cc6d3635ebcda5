using KnowledgeBase.Data;
using KnowledgeBase.Data.Articles;
using KnowledgeBase.Data.Import;
using KnowledgeBase.Web.Components;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Web.Hosting;

public static class KnowledgeBaseExtensions
{
    /// <summary>Registers options, storage, the article store and importer, health checks and the Blazor UI.</summary>
    public static void AddKnowledgeBase(this IHostApplicationBuilder builder)
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
        services.AddSingleton<ArticleStore>();
        services.AddSingleton<ContentImporter>();
        services.AddHostedService<DatabaseInitializer>();

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddRazorComponents().AddInteractiveServerComponents();
    }

    public static WebApplication UseKnowledgeBase(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();

        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
