namespace KnowledgeBase.Core.Import;

/// <summary>Why a file was not imported: the file (relative to the imported folder), the line (1-based, 0 when not tied to one) and the reason.</summary>
public sealed record ImportProblem(string File, int Line, string Reason)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Reason}" : $"{File}: {Reason}";
}
