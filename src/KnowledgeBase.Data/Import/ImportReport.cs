using KnowledgeBase.Core.Import;

namespace KnowledgeBase.Data.Import;

/// <param name="Problems">Files not imported (or imported without something they asked for, e.g. an unknown owner), each with its reason.</param>
/// <param name="Notices">
/// Articles imported whose Markdown refers to a picture or file that could not be stored (missing, refused, outside the
/// folder): the reference is left as written. A docs repository exported without its media folders has thousands of
/// these; they are reported, but they do not make the import fail.
/// </param>
public sealed record ImportReport(int Created, int Updated, int Unchanged, int CategoriesAdded, int CategoriesUpdated, IReadOnlyList<ImportProblem> Problems, TimeSpan Elapsed)
{
    public IReadOnlyList<ImportProblem> Notices { get; init; } = [];

    public override string ToString() =>
        $"{Created} created, {Updated} updated, {Unchanged} unchanged, {Problems.Count} with problems; categories: {CategoriesAdded} added, {CategoriesUpdated} updated"
        + (Notices.Count > 0 ? $"; {Notices.Count} pictures or files referred to but not imported" : "")
        + $" ({Elapsed.TotalSeconds:0.0} s)";
}
