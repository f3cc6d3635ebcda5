namespace KnowledgeBase.Core.Reports;

/// <summary>Which searches a drill-down lists: the ones behind each number of <see cref="SearchStats"/>.</summary>
public enum SearchMeasure
{
    All = 0,
    Successful = 1,
    ZeroResult = 2,
}
