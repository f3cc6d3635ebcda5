using KnowledgeBase.Search.Indexing;
using static KnowledgeBase.Search.Tests.TestIndex;

namespace KnowledgeBase.Search.Tests;

/// <summary>Search:Directory: the paged reader and Lucene's own NIOFSDirectory read the same index files alike.</summary>
public sealed class IndexDirectoryTests
{
    private static readonly SearchIndexOptions NioFs = SearchIndexOptions.Default with { Directory = IndexDirectoryKind.NioFs };

    private static readonly string[] Queries = ["vpn tunnel", "outlok pasword", "printer queue", "\"tunnel drops\"", "scaner slow", "0x80070005", "spooler -network"];

    private static SearchDocument[] Articles() =>
    [
        .. Filler(60),
        Doc("vpn", "VPN tunnel drops every hour", "The tunnel drops after 60 minutes", body: "Renew the machine certificate.", tags: ["vpn"]),
        Doc("outlook", "Outlook keeps asking for a password after MFA", "Outlook prompts for a password again and again", body: "Use modern authentication."),
        Doc("access", "Setup fails with 0x80070005 access denied", "Error 0x80070005 when installing", body: "Run the installer as administrator."),
        Doc("scanner", "Scanner to e-mail is slow", "The scanner takes minutes per page", body: "Lower the resolution to 300 dpi."),
    ];

    private static List<string> Describe(TestIndex index) =>
        Queries.Select(q => index.Search(q)).Select(r =>
            $"{r.TotalHits} {r.DidYouMean} | " + string.Join(" ; ", r.Hits.Select(h => $"{h.Id} {h.Score:R} {h.SnippetHtml}"))).ToList();

    [Fact]
    public void Both_directories_give_the_same_results_on_the_same_index()
    {
        using var index = new TestIndex(null, Articles());
        Assert.IsType<PositionalReadDirectory>(index.Index.IndexDirectory);
        var paged = Describe(index);

        index.Reopen(NioFs);
        Assert.IsNotType<PositionalReadDirectory>(index.Index.IndexDirectory);
        Assert.IsType<Lucene.Net.Store.NIOFSDirectory>(index.Index.IndexDirectory);
        Assert.Equal(paged, Describe(index));
        Assert.Contains(index.Search("vpn tunnel").Hits, h => h.Id == "vpn");
    }

    [Fact]
    public void An_index_written_through_lucenes_directory_reads_the_same_through_the_paged_one()
    {
        using var index = new TestIndex(null, NioFs, Articles());
        index.Add(Doc("late", "Printer queue stuck after the update", "Jobs wait in the queue"));
        var niofs = Describe(index);
        Assert.Contains(index.Search("printer queue stuck").Hits, h => h.Id == "late");

        index.Reopen();
        Assert.IsType<PositionalReadDirectory>(index.Index.IndexDirectory);
        Assert.Equal(niofs, Describe(index));
    }

    [Theory]
    [InlineData(null, IndexDirectoryKind.Paged)]
    [InlineData("", IndexDirectoryKind.Paged)]
    [InlineData("paged", IndexDirectoryKind.Paged)]
    [InlineData("NIOFS", IndexDirectoryKind.NioFs)]
    [InlineData(" niofs ", IndexDirectoryKind.NioFs)]
    public void The_setting_reads_paged_or_niofs(string? text, IndexDirectoryKind expected)
    {
        Assert.True(SearchIndexOptions.TryParseDirectory(text, out var kind));
        Assert.Equal(expected, kind);
        Assert.False(SearchIndexOptions.TryParseDirectory("mmap", out _));
    }
}
