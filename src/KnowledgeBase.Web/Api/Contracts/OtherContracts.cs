namespace KnowledgeBase.Web.Api.Contracts;

/// <param name="Type">created, updated, state-changed, archived, deleted, or withdrawn (a customer-audience key's article left its sight).</param>
public sealed record ChangeItem(long Sequence, string Type, string ArticleId, int Version, DateTime OccurredAt)
{
    public const string Withdrawn = "withdrawn";
}

public sealed record ChangeFeedResponse(IReadOnlyList<ChangeItem> Items, string NextCursor);

/// <param name="Owner">The accountable owner; null for a customer-audience key.</param>
public sealed record CategoryNode(string Id, string Name, string? Owner, int ReviewIntervalDays, string Description, IReadOnlyList<CategoryNode> Children);

public sealed record CategoryTreeResponse(IReadOnlyList<CategoryNode> Items);

public sealed record TicketUpsertRequest(string? Subject, string? Description, string? Category, string? Client, string? Technician,
    string? Status, DateTime? OpenedAt, DateTime? ClosedAt);

public sealed record TicketResponse(string System, string Instance, string Id, string Subject, string? Category, string? Client,
    string? Technician, string Status, DateTime OpenedAt, DateTime? ClosedAt, DateTime UpdatedAt);

public sealed record CreateLinkRequest(string? ArticleId, TicketRef? Ticket, string? Type, string? LinkedBy, bool? StillAccurate);

public sealed record TicketKeyDto(string System, string Instance, string Id);

public sealed record LinkResponse(long Id, string ArticleId, TicketKeyDto Ticket, string Type, int ArticleVersion, string LinkedBy,
    DateTime LinkedAt, string Channel, DateTime? RemovedAt, string? RemovedBy);

public sealed record LinkListResponse(IReadOnlyList<LinkResponse> Items, string? NextCursor);

public sealed record ReuseReportRow(string Key, long ClosedTickets, long LinkedTickets, double LinkRate, double ReuseRate, double CreateRate);

public sealed record ReuseReportResponse(DateTime From, DateTime To, string GroupBy, IReadOnlyList<ReuseReportRow> Rows);

public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Events);

public sealed record WebhookResponse(long Id, string Url, IReadOnlyList<string> Events, string Audience, DateTime CreatedAt);

/// <summary>The answer to creating a subscription: the only time the signing secret is shown.</summary>
public sealed record CreatedWebhookResponse(long Id, string Url, IReadOnlyList<string> Events, string Audience, DateTime CreatedAt, string Secret);

public sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Items, string? NextCursor = null);

public sealed record WebhookAttemptResponse(long Id, string EventId, string EventType, DateTime AttemptedAt, int? StatusCode, string? Error, int DurationMs);

public sealed record WebhookAttemptListResponse(IReadOnlyList<WebhookAttemptResponse> Items);

public sealed record WebhookTestResponse(string EventId, bool Delivered, int? StatusCode, string? Error, int DurationMs);
