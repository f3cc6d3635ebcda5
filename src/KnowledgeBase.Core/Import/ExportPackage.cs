namespace KnowledgeBase.Core.Import;

/// <summary>
/// The knowledge base's portable ZIP (docs/import-export.md): <c>manifest.json</c> (this format's name and version, what
/// is inside), <c>categories.yml</c>, <c>articles/{id}.md</c> (front matter and the body exactly as stored) and
/// <c>attachments/{sha256}/{name}</c> — so an article's <c>/attachments/{sha256}/{name}</c> links also resolve from the
/// package's root.
/// </summary>
public static class ExportPackage
{
    public const string ManifestFileName = "manifest.json";
    public const string Format = "knowledgebase-export";
    public const int Version = 1;
    public const string ArticlesFolder = "articles";
    public const string AttachmentsFolder = "attachments";
}
