namespace KnowledgeBase.Core.Tickets;

/// <summary>Where a link was made; demo links are removed with the rest of a demo run.</summary>
public enum LinkChannel
{
    Ui = 0,
    Api = 1,
    Import = 2,
    Demo = 3,
}
