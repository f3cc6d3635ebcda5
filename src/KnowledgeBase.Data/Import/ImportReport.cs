using KnowledgeBase.Core.Import;

namespace KnowledgeBase.Data.Import;

public sealed record ImportReport(int Created, int Updated, int Unchanged, int CategoriesAdded, int CategoriesUpdated, IReadOnlyList<ImportProblem> Problems, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"{Created} created, {Updated} updated, {Unchanged} unchanged, {Problems.Count} with problems; categories: {CategoriesAdded} added, {CategoriesUpdated} updated ({Elapsed.TotalSeconds:0.0} s)";
}
