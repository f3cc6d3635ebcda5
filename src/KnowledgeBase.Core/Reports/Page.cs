namespace KnowledgeBase.Core.Reports;

/// <summary>One page of a drill-down: <see cref="Total"/> is the number behind the figure the user clicked.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total, int Offset, int Limit)
{
    public const int MaxLimit = 500;

    public bool HasMore => Offset + Items.Count < Total;
}
