namespace KnowledgeBase.Data.Export;

/// <summary>What an export wrote: articles, distinct files and their bytes, categories.</summary>
public sealed record ExportSummary(int Articles, int Files, int Categories, long FileBytes)
{
    public override string ToString() =>
        $"{Articles} article{(Articles == 1 ? "" : "s")}, {Files} file{(Files == 1 ? "" : "s")} ({Core.Attachments.AttachmentLimits.Describe(FileBytes)}), {Categories} categor{(Categories == 1 ? "y" : "ies")}";
}
