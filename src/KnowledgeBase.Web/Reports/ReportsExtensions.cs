using KnowledgeBase.Data.Categories;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Data.DemoData;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Data.Tickets;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KnowledgeBase.Web.Reports;

public static class ReportsExtensions
{
    /// <summary>
    /// The reuse ledger, reports, stale documentation (thresholds from <c>Reports:Stale</c>), review queue, demo data
    /// and category editing. TryAdd: the REST API registers the same ledger services, and either may come first.
    /// </summary>
    public static void AddKnowledgeBaseReports(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IConfiguration>().GetSection("Reports:Stale").Get<StaleOptions>() ?? StaleOptions.Default;
            var errors = options.Validate();
            if (errors.Count > 0)
                throw new InvalidOperationException("Reports:Stale is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
            return options;
        });
        services.TryAddSingleton<ReuseLedger>();
        services.TryAddSingleton<ReuseReports>();
        services.TryAddSingleton<StaleDocumentation>();
        services.TryAddSingleton<ReviewQueue>();
        services.TryAddSingleton<DemoDataGenerator>();
        services.TryAddSingleton<ReportData>();
        services.TryAddSingleton<CategoryAdministration>();
        services.TryAddSingleton<KnowledgeBase.Data.Owners.TeamAdministration>();
    }

    /// <summary>CSV exports under <c>/reports/*.csv</c>, the review queue's and the category page's form posts.</summary>
    public static void MapKnowledgeBaseReports(this WebApplication app)
    {
        // Bad thresholds stop the site at start with their names, not at the first report someone opens.
        app.Services.GetRequiredService<StaleOptions>();
        app.MapReportExports();
        app.MapReviewActions();
        app.MapCategoryActions();
    }
}
