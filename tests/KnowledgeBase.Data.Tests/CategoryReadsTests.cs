using KnowledgeBase.Data.Categories;
using KnowledgeBase.Testing;

namespace KnowledgeBase.Data.Tests;

/// <summary>Category names for facets and the orders pickers list categories in, on both databases.</summary>
public abstract class CategoryReadsTests : StorageTestBase
{
    private CategoryReads Reads => new(Database.Factory);

    private async Task SortAsync(params string[] ids)
    {
        await using var db = Database.Factory.CreateDbContext();
        for (var i = 0; i < ids.Length; i++)
        {
            var category = await db.Categories.FindAsync(ids[i]);
            category!.SortOrder = i;
        }
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Names_are_every_categorys_name_by_id()
    {
        var names = await Reads.NamesAsync();

        Assert.Equal("Outlook", names["email-outlook"]);
        Assert.Equal(3, names.Count);
    }

    [Fact]
    public async Task A_picker_lists_each_parent_in_sort_order_followed_by_its_children()
    {
        await SortAsync("email-outlook", "identity", "email");

        Assert.Equal(["email-outlook", "identity", "email"], (await Reads.InSortOrderAsync()).Select(c => c.Id));
        Assert.Equal(["identity", "email", "email-outlook"], (await Reads.ParentsThenChildrenAsync()).Select(c => c.Id));
    }
}

public sealed class SqliteCategoryReadsTests : CategoryReadsTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateSqliteAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresCategoryReadsTests(PostgresServerFixture postgres) : CategoryReadsTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreatePostgresAsync(postgres.Server);
}
