using KnowledgeBase.Core.Api;
using KnowledgeBase.Core.Reports;
using KnowledgeBase.Data.Reports;
using KnowledgeBase.Web.Api.Contracts;
using KnowledgeBase.Web.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeBase.Web.Api;

/// <summary>The reuse report: link, reuse and create rates of closed tickets (kcs.md "Metrics").</summary>
public static class ReportsApi
{
    public sealed record ReuseParameters(DateTime? From, DateTime? To, string? GroupBy);

    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/reuse", Reuse).WithTags("Reports").Operation(ApiOperations.GetReuseReport)
            .WithSummary("Link, reuse and create rates")
            .WithDescription("Tickets count in the period [from, to) in which they closed (default: the last 30 days). groupBy = owner (default), category, client or technician. Rates are fractions 0–1: linkRate = linked ÷ closed, reuseRate = linked to an article that existed before the ticket opened ÷ linked, createRate = with a 'created' link ÷ linked.")
            .WithExamples(response: ApiExamples.Reuse);
        return api;
    }

    public static async Task<Results<Ok<ReuseReportResponse>, ValidationProblem>> Reuse([AsParameters] ReuseParameters query, ReuseReports reports, KnowledgeBase.Data.Owners.OwnerDirectory owners,
        TimeProvider clock, HttpContext http)
    {
        var slice = ReportSlice.Owner;
        if (query.GroupBy is { Length: > 0 } && !Enum.TryParse(query.GroupBy, ignoreCase: true, out slice) || !Enum.IsDefined(slice))
            return ApiProblems.ValidationFailed("groupBy", "groupBy must be owner, category, client or technician.");
        if (query.From is { } f && !Core.Inputs.StoredDates.InRange(f)) return ApiProblems.ValidationFailed("from", $"from must be {Core.Inputs.StoredDates.Describe()}.");
        if (query.To is { } t && !Core.Inputs.StoredDates.InRange(t)) return ApiProblems.ValidationFailed("to", $"to must be {Core.Inputs.StoredDates.Describe()}.");
        var to = TicketsApi.Utc(query.To) ?? clock.GetUtcNow().UtcDateTime;
        var from = TicketsApi.Utc(query.From) ?? to.AddDays(-30);
        if (to < from) return ApiProblems.ValidationFailed("to", $"The period ends (to {to:yyyy-MM-dd}) before it starts (from {from:yyyy-MM-dd}).");
        var rows = await reports.ReuseAsync(new ReportPeriod(from, to), slice, cancellationToken: http.RequestAborted);
        // Owners as the API names them everywhere: a user's e-mail, a team's name (unowned tickets stay "(none)").
        var entries = slice == ReportSlice.Owner ? await owners.EntriesAsync(http.RequestAborted) : null;
        string Key(string key) => entries is null || key == ReportKeys.None ? key : KnowledgeBase.Data.Api.ApiReads.OwnerName(entries, key) ?? key;
        return TypedResults.Ok(new ReuseReportResponse(from, to, slice.ToString().ToLowerInvariant(),
            rows.Select(r => new ReuseReportRow(Key(r.Key), r.ClosedTickets, r.LinkedTickets, r.LinkRate, r.ReuseRate, r.CreateRate)).ToList()));
    }
}
