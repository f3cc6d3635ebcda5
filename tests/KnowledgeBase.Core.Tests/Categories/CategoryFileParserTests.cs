using KnowledgeBase.Core.Categories;

namespace KnowledgeBase.Core.Tests.Categories;

public class CategoryFileParserTests
{
    private const string FileName = "categories.yml";

    private static (IReadOnlyList<TicketCategory> Categories, IReadOnlyList<KnowledgeBase.Core.Import.ImportProblem> Problems) Parse(string yaml) =>
        CategoryFileParser.Parse(FileName, yaml);

    [Fact]
    public void The_tree_is_flattened_with_parent_ids()
    {
        var (categories, problems) = Parse("""
            # comment
            categories:
              - id: identity
                name: Identity & Access
                owner: identity-team
                reviewIntervalDays: 180
                description: Accounts and MFA.
                children:
                  - id: identity-mfa
                    name: MFA
                    owner: dana.okafor
                    reviewIntervalDays: 90
                    children:
                      - id: identity-mfa-fido
                        name: FIDO keys
                        owner: dana.okafor
              - id: email
                name: Email
                owner: messaging-team
            """);

        Assert.Empty(problems);
        Assert.Equal(["identity", "identity-mfa", "identity-mfa-fido", "email"], categories.Select(c => c.Id));
        Assert.Equal([null, "identity", "identity-mfa", null], categories.Select(c => c.ParentId));
        Assert.Equal([0, 1, 2, 3], categories.Select(c => c.SortOrder));
        Assert.Equal([180, 90, TicketCategory.DefaultReviewIntervalDays, TicketCategory.DefaultReviewIntervalDays], categories.Select(c => c.ReviewIntervalDays));
        Assert.Equal("Identity & Access", categories[0].Name);
        Assert.Equal("identity-team", categories[0].Owner);
        Assert.Equal("Accounts and MFA.", categories[0].Description);
        Assert.Equal("", categories[1].Description);
    }

    [Fact]
    public void A_top_level_list_without_the_categories_key_is_accepted()
    {
        var (categories, problems) = Parse("- id: a\n  name: A\n  owner: o\n");

        Assert.Empty(problems);
        Assert.Equal("a", Assert.Single(categories).Id);
    }

    [Fact]
    public void The_starter_content_parses_without_problems()
    {
        var path = Path.Combine(FindRepositoryRoot(), "content", "categories.yml");
        if (!File.Exists(path)) return;

        var (categories, problems) = CategoryFileParser.Parse("categories.yml", File.ReadAllText(path));

        Assert.Empty(problems);
        Assert.NotEmpty(categories);
        Assert.All(categories.Where(c => c.ParentId is not null), c => Assert.Contains(categories, p => p.Id == c.ParentId));
    }

    [Fact]
    public void A_duplicate_id_is_reported_on_its_line_and_the_first_one_kept()
    {
        var (categories, problems) = Parse("""
            categories:
              - id: printing
                name: Printing
                owner: endpoint-team
                children:
                  - id: printing
                    name: Printing again
                    owner: someone
            """);

        var problem = Assert.Single(problems);
        Assert.Equal(FileName, problem.File);
        Assert.Equal(6, problem.Line);
        Assert.Contains("duplicate", problem.Reason, StringComparison.Ordinal);
        Assert.Equal("Printing", Assert.Single(categories).Name);
    }

    [Fact]
    public void A_missing_owner_is_reported_on_the_categorys_line()
    {
        var (categories, problems) = Parse("categories:\n  - id: a\n    name: A\n    owner: o\n  - id: b\n    name: B\n");

        var problem = Assert.Single(problems);
        Assert.Equal(5, problem.Line);
        Assert.Contains("owner", problem.Reason, StringComparison.Ordinal);
        Assert.Equal("a", Assert.Single(categories).Id);
    }

    [Fact]
    public void A_blank_owner_is_a_missing_owner()
    {
        Assert.Contains("owner", Assert.Single(Parse("- id: a\n  name: A\n  owner: '  '\n").Problems).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_name_is_reported()
    {
        Assert.Contains("no name", Assert.Single(Parse("- id: a\n  owner: o\n").Problems).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("id: Not A Slug\n  ")]
    [InlineData("id: ../up\n  ")]
    public void A_missing_or_invalid_id_is_reported(string idLine)
    {
        var (categories, problems) = Parse($"- {idLine}name: A\n  owner: o\n");

        Assert.Empty(categories);
        Assert.Equal(1, Assert.Single(problems).Line);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("3651")]
    [InlineData("ninety")]
    [InlineData("90.5")]
    [InlineData("[90]")]
    public void A_bad_review_interval_is_reported(string interval)
    {
        var (categories, problems) = Parse($"categories:\n  - id: a\n    name: A\n    owner: o\n    reviewIntervalDays: {interval}\n");

        Assert.Empty(categories);
        var problem = Assert.Single(problems);
        Assert.Equal(2, problem.Line);
        Assert.Contains("reviewIntervalDays", problem.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("3650", 3650)]
    [InlineData("'30'", 30)]
    public void Review_intervals_from_one_day_to_ten_years_are_accepted(string interval, int days)
    {
        Assert.Equal(days, Assert.Single(Parse($"- id: a\n  name: A\n  owner: o\n  reviewIntervalDays: {interval}\n").Categories).ReviewIntervalDays);
    }

    [Fact]
    public void An_entry_that_is_not_a_mapping_is_reported_and_the_rest_read()
    {
        var (categories, problems) = Parse("categories:\n  - just-a-string\n  - id: b\n    name: B\n    owner: o\n");

        Assert.Equal(2, Assert.Single(problems).Line);
        Assert.Equal("b", Assert.Single(categories).Id);
    }

    [Fact]
    public void Invalid_yaml_is_reported_on_its_line()
    {
        var (categories, problems) = Parse("categories:\n  - id: a\n    name: A: B\n    owner: o\n");

        Assert.Empty(categories);
        Assert.Equal(3, Assert.Single(problems).Line);
    }

    [Fact]
    public void A_file_without_a_categories_list_is_reported()
    {
        var (categories, problems) = Parse("owners:\n  - someone\n");

        Assert.Empty(categories);
        Assert.Contains("categories", Assert.Single(problems).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_has_no_categories_and_no_problems()
    {
        var (categories, problems) = Parse("");

        Assert.Empty(categories);
        Assert.Empty(problems);
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KnowledgeBase.sln"))) directory = directory.Parent;
        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}
