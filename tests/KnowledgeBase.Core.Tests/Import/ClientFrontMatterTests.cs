using System.Text;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Import;

namespace KnowledgeBase.Core.Tests.Import;

/// <summary>An article's clients in Markdown front matter (docs/import-export.md): read, refused with the line, written back.</summary>
public class ClientFrontMatterTests
{
    private static (ImportDocument? Document, ImportProblem? Problem) Parse(string text) => ArticleFileParser.Parse("a.md", Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Clients_are_read_from_front_matter_each_once_as_written()
    {
        var (document, problem) = Parse("---\ntitle: Contoso VPN\nclients: [\" Contoso \", contoso, \"Fabrikam Inc\"]\n---\nText\n");
        Assert.Null(problem);
        Assert.Equal(["Contoso", "Fabrikam Inc"], document!.Clients);
        Assert.Equal([], Parse("---\ntitle: T\nclients: []\n---\nText\n").Document!.Clients);
        // A file that does not say keeps the article's clients (null, not "every client").
        Assert.Null(Parse("---\ntitle: T\n---\nText\n").Document!.Clients);
    }

    [Fact]
    public void A_client_list_that_is_not_a_list_or_a_name_too_long_is_refused_at_its_line()
    {
        var (_, notList) = Parse("---\ntitle: T\nclients: {name: Contoso}\n---\nText\n");
        Assert.Equal(3, notList!.Line);
        Assert.Contains("clients must be a list", notList.Reason);
        var (_, tooLong) = Parse($"---\ntitle: T\nclients: [{new string('x', 101)}]\n---\nText\n");
        Assert.Contains("at most 100 characters", tooLong!.Reason);
    }

    [Fact]
    public void Exported_front_matter_reads_back_to_the_same_clients()
    {
        var article = new Article
        {
            Id = "contoso-vpn", Title = "Contoso VPN drops", Body = "## Issue\nDrops.\n", State = KcsState.Validated, Audience = Audience.Customer,
            Clients = [new() { ArticleId = "contoso-vpn", Key = "contoso", Name = "Contoso" }, new() { ArticleId = "contoso-vpn", Key = "fabrikam, inc.", Name = "Fabrikam, Inc." }],
        };
        var (document, problem) = Parse(ArticleFileWriter.Write(article, owner: null));
        Assert.Null(problem);
        Assert.Equal(["Contoso", "Fabrikam, Inc."], document!.Clients);
        var global = new Article { Id = "g", Title = "Global", Body = "Text\n" };
        Assert.Equal([], Parse(ArticleFileWriter.Write(global, owner: null)).Document!.Clients);
    }
}
