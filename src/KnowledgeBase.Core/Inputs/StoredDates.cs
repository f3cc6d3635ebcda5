namespace KnowledgeBase.Core.Inputs;

/// <summary>
/// The dates any input may name (a report's period, a ticket's open and close times, an audit filter): outside them
/// date arithmetic overflows (a period ending 9999-12-31 has no next day) and no service desk has tickets.
/// </summary>
public static class StoredDates
{
    public static readonly DateOnly Min = new(1900, 1, 1);
    public static readonly DateOnly Max = new(2999, 12, 31);

    public static bool InRange(DateOnly date) => date >= Min && date <= Max;

    public static bool InRange(DateTime time) => InRange(DateOnly.FromDateTime(time));

    /// <summary>"from 1900-01-01 to 2999-12-31", for messages.</summary>
    public static string Describe() => $"from {Min:yyyy-MM-dd} to {Max:yyyy-MM-dd}";
}
