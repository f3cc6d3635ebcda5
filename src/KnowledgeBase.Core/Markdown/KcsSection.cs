namespace KnowledgeBase.Core.Markdown;

/// <summary>The KCS section a Markdown heading opens (see <see cref="SectionHeadings"/>); None for any other heading.</summary>
public enum KcsSection
{
    None,
    Issue,
    Environment,
    Resolution,
    Cause,
}
