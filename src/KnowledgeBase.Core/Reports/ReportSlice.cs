namespace KnowledgeBase.Core.Reports;

/// <summary>
/// What a report groups tickets by. A ticket's owner is the owner of its category at query time (so reassigning a
/// category moves its history with it); a ticket without the value falls under <see cref="ReportKeys.None"/>.
/// </summary>
public enum ReportSlice
{
    Owner = 0,
    Category = 1,
    Client = 2,
    Technician = 3,
}
