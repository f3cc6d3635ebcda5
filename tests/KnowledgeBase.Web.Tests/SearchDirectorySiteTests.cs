using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Web.Tests;

/// <summary>Search:Directory chooses how the index files are read: the paged reader (default) or Lucene's NIOFSDirectory.</summary>
public sealed class SearchDirectorySiteTests
{
    [Fact]
    public async Task A_site_set_to_lucenes_directory_searches_and_says_so_on_the_admin_page()
    {
        await using var site = new KnowledgeBaseSite(new Dictionary<string, string?> { ["Search:Directory"] = "niofs" });
        var admin = await site.SignedInClientAsync(KcsRole.Admin);

        var adminPage = await admin.GetStringAsync("/admin/search");
        Assert.Contains("Lucene&#x27;s NIOFSDirectory", adminPage);
        Assert.Contains("(Search:Directory = niofs)", adminPage);
        await site.WaitForSearchAsync();
        var page = await admin.GetStringAsync("/?q=outlook+password");
        // In the results, not the home page's lists (shown while the index is still being built).
        var results = page.IndexOf("class=\"results-column\"", StringComparison.Ordinal);
        Assert.True(results >= 0, "no search results on the page");
        Assert.Matches("href=\"articles/kb-\\d+\"", page[results..]);
    }

    [Fact]
    public async Task A_site_says_by_default_that_the_paged_reader_reads_the_index()
    {
        await using var site = new KnowledgeBaseSite();
        var admin = await site.SignedInClientAsync(KcsRole.Admin);
        Assert.Contains("(Search:Directory = paged)", await admin.GetStringAsync("/admin/search"));
    }

    [Fact]
    public async Task An_unknown_directory_stops_the_site_at_start_naming_the_setting()
    {
        await using var site = new KnowledgeBaseSite(new Dictionary<string, string?> { ["Search:Directory"] = "mmap" });
        var error = await Assert.ThrowsAnyAsync<Exception>(() => site.SignedInClientAsync(KcsRole.Admin));
        Assert.Contains("Search:Directory must be paged", error.ToString());
    }
}
