using KnowledgeBase.Core.Access;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Core.Tests.Access;

/// <summary>
/// Client scope (issue #18.5, docs/security.md "Clients"): the rule as behaviour (<see cref="AccessPolicy.MaySee(Viewer, Article)"/>)
/// and as the query filters (<see cref="AccessPolicy.VisibleArticles(Reader)"/>, <see cref="AccessPolicy.VisibleRevisions"/>),
/// and the change feed's (<see cref="AccessPolicy.ReaderMayHear"/>, <see cref="AccessPolicy.HearingOf"/>), case by case,
/// and behaviour and queries agreeing over every combination.
/// </summary>
public class ClientScopeTests
{
    private static Article ArticleFor(params string[] clients) => ArticleFor(KcsState.Validated, Audience.Customer, clients);

    private static Article ArticleFor(KcsState state, Audience audience, params string[] clients) => new()
    {
        Id = "kb-1", Title = "t", Body = "b", State = state, Audience = audience,
        Clients = clients.Select(c => new ArticleClient { ArticleId = "kb-1", Key = ClientNames.Key(c), Name = ClientNames.Display(c) }).ToList(),
    };

    private static readonly Viewer Internal = Viewer.Internal(KcsRole.Contributor);
    private static readonly Viewer CustomerOfContoso = Viewer.Customer(KcsRole.Contributor, "Contoso");
    private static readonly Viewer CustomerOfFabrikam = Viewer.Customer(KcsRole.Contributor, "Fabrikam");
    private static readonly Viewer UnboundCustomer = Viewer.Customer(KcsRole.Contributor);

    [Fact]
    public void An_article_for_every_client_is_seen_by_every_customer_and_internal_account()
    {
        foreach (var viewer in new[] { Internal, CustomerOfContoso, CustomerOfFabrikam, UnboundCustomer })
            Assert.True(viewer.MaySee(ArticleFor()), viewer.ToString());
    }

    [Fact]
    public void A_client_article_is_seen_by_that_clients_customers_and_internal_accounts_only()
    {
        var contosoVpn = ArticleFor("Contoso");
        Assert.True(Internal.MaySee(contosoVpn));
        Assert.True(CustomerOfContoso.MaySee(contosoVpn));
        Assert.False(CustomerOfFabrikam.MaySee(contosoVpn));
        Assert.False(UnboundCustomer.MaySee(contosoVpn));
        Assert.False(Viewer.Anonymous.MaySee(contosoVpn));
    }

    [Fact]
    public void An_article_for_several_clients_is_seen_by_each_of_them()
    {
        var shared = ArticleFor("Contoso", "Fabrikam");
        Assert.True(CustomerOfContoso.MaySee(shared));
        Assert.True(CustomerOfFabrikam.MaySee(shared));
        Assert.False(Viewer.Customer(KcsRole.Contributor, "Northwind").MaySee(shared));
    }

    [Fact]
    public void Client_names_compare_case_insensitively_after_trimming_and_collapsing_spaces()
    {
        Assert.True(Viewer.Customer(KcsRole.Candidate, "  CONTOSO ").MaySee(ArticleFor("contoso")));
        Assert.True(Viewer.Customer(KcsRole.Candidate, "fabrikam  inc").MaySee(ArticleFor("Fabrikam Inc")));
        Assert.Equal("contoso ltd", ClientNames.Key("  Contoso \t Ltd "));
        Assert.Equal("Contoso Ltd", ClientNames.Display("  Contoso \t Ltd "));
        Assert.Null(Viewer.Customer(KcsRole.Candidate, "   ").Client);
    }

    [Fact]
    public void Client_scope_never_opens_an_internal_or_unvalidated_article_to_a_customer()
    {
        Assert.False(CustomerOfContoso.MaySee(ArticleFor(KcsState.Validated, Audience.Internal, "Contoso")));
        Assert.False(CustomerOfContoso.MaySee(ArticleFor(KcsState.NotValidated, Audience.Customer, "Contoso")));
        Assert.True(Internal.MaySee(ArticleFor(KcsState.Wip, Audience.Internal, "Contoso")));
    }

    [Fact]
    public void An_internal_account_ignores_a_client_it_is_given()
    {
        var viewer = new Viewer(KcsRole.Contributor, Audience.Internal, "Contoso");
        Assert.Null(viewer.Client);
        Assert.True(viewer.MaySee(ArticleFor("Fabrikam")));
        Assert.Equal(Reader.Internal, viewer.Reader);
    }

    [Fact]
    public void A_revision_written_while_the_article_was_one_clients_stays_that_clients()
    {
        ArticleRevision Revision(params string[] clients) => new()
        {
            ArticleId = "kb-1", Version = 1, Title = "t", Body = "b", Html = "", State = KcsState.Validated, Audience = Audience.Customer,
            Author = "ana", CreatedAt = DateTime.UtcNow, ClientScope = ClientNames.Scope(clients.Select(ClientNames.Key)),
        };
        Assert.True(CustomerOfContoso.MaySee(Revision("Contoso")));
        Assert.False(CustomerOfFabrikam.MaySee(Revision("Contoso")));
        Assert.True(CustomerOfFabrikam.MaySee(Revision()));
        Assert.False(UnboundCustomer.MaySee(Revision("Contoso")));
    }

    [Fact]
    public void A_change_is_heard_only_by_readers_in_the_scope_it_left_the_article_in()
    {
        ChangeLogEntry Change(ChangeType type, params string[] clients) => new()
        {
            ArticleId = "kb-1", Version = 2, Type = type, State = KcsState.Validated, Audience = Audience.Customer, OccurredAt = DateTime.UtcNow,
            ClientScope = ClientNames.Scope(clients.Select(ClientNames.Key)),
        };
        Assert.True(AccessPolicy.ReaderMayHear(CustomerOfContoso.Reader, Change(ChangeType.Updated, "Contoso")));
        Assert.False(AccessPolicy.ReaderMayHear(CustomerOfFabrikam.Reader, Change(ChangeType.Updated, "Contoso")));
        Assert.False(AccessPolicy.ReaderMayHear(UnboundCustomer.Reader, Change(ChangeType.Updated, "Contoso")));
        Assert.True(AccessPolicy.ReaderMayHear(UnboundCustomer.Reader, Change(ChangeType.Updated)));
        Assert.False(AccessPolicy.ReaderMayHear(CustomerOfContoso.Reader, Change(ChangeType.OwnerChanged, "Contoso")));
        Assert.True(AccessPolicy.ReaderMayHear(Reader.Internal, Change(ChangeType.OwnerChanged, "Contoso")));
    }

    [Fact]
    public void A_reader_hears_a_withdrawal_once_when_a_change_takes_an_article_it_heard_of_out_of_its_sight()
    {
        ChangeLogEntry Change(Audience audience, params string[] clients) => new()
        {
            ArticleId = "kb-1", Version = 2, Type = ChangeType.Updated, State = KcsState.Validated, Audience = audience, OccurredAt = DateTime.UtcNow,
            ClientScope = ClientNames.Scope(clients.Select(ClientNames.Key)),
        };
        var everyone = Change(Audience.Customer);
        var contosos = Change(Audience.Customer, "Contoso");
        var inside = Change(Audience.Internal);

        Assert.Equal(ChangeHeard.Withdrawal, AccessPolicy.HearingOf(CustomerOfFabrikam.Reader, contosos, everyone));
        Assert.Equal(ChangeHeard.Change, AccessPolicy.HearingOf(CustomerOfContoso.Reader, contosos, everyone));
        Assert.Equal(ChangeHeard.Withdrawal, AccessPolicy.HearingOf(UnboundCustomer.Reader, inside, everyone));
        // Once: the next change it cannot see is not told, nor one it never heard of, nor an article's first change.
        Assert.Equal(ChangeHeard.Nothing, AccessPolicy.HearingOf(CustomerOfFabrikam.Reader, contosos, contosos));
        Assert.Equal(ChangeHeard.Nothing, AccessPolicy.HearingOf(CustomerOfFabrikam.Reader, inside, contosos));
        Assert.Equal(ChangeHeard.Nothing, AccessPolicy.HearingOf(CustomerOfFabrikam.Reader, contosos, null));
        // Back in sight: the change as it is (its webhook says published).
        Assert.Equal(ChangeHeard.Change, AccessPolicy.HearingOf(CustomerOfFabrikam.Reader, everyone, contosos));
        // Bookkeeping withdraws nothing; an internal reader hears every change and no withdrawal.
        Assert.Equal(ChangeHeard.Nothing, AccessPolicy.HearingOf(CustomerOfFabrikam.Reader,
            new ChangeLogEntry { ArticleId = "kb-1", Version = 2, Type = ChangeType.OwnerChanged, State = KcsState.Validated, Audience = Audience.Internal, OccurredAt = DateTime.UtcNow }, everyone));
        Assert.Equal(ChangeHeard.Change, AccessPolicy.HearingOf(Reader.Internal, inside, everyone));
    }

    [Fact]
    public void The_query_filters_decide_exactly_as_the_rule_for_every_reader_state_audience_and_client_list()
    {
        var readers = new[] { Reader.Internal, Reader.Customer(null), Reader.Customer("Contoso"), Reader.Customer("FABRIKAM") };
        var clientLists = new[] { Array.Empty<string>(), ["contoso"], ["Fabrikam"], ["Contoso", "Fabrikam"], ["Northwind"] };
        foreach (var reader in readers)
        {
            var articles = AccessPolicy.VisibleArticles(reader).Compile();
            var revisions = AccessPolicy.VisibleRevisions(reader).Compile();
            foreach (var state in Enum.GetValues<KcsState>())
                foreach (var audience in Enum.GetValues<Audience>())
                    foreach (var clients in clientLists)
                    {
                        var article = ArticleFor(state, audience, clients);
                        var rule = AccessPolicy.ReaderMaySee(reader, state, audience, article.ClientKeys);
                        var at = $"{reader} × {state}/{audience}/[{string.Join(",", clients)}]";
                        Assert.True(rule == articles(article), "articles: " + at);
                        Assert.True(rule == revisions(new ArticleRevision
                        {
                            ArticleId = "kb-1", Version = 1, Title = "t", Body = "b", Html = "", State = state, Audience = audience, Author = "a",
                            CreatedAt = DateTime.UtcNow, ClientScope = article.ClientScope,
                        }), "revisions: " + at);
                        var change = new ChangeLogEntry
                        {
                            ArticleId = "kb-1", Version = 1, Type = ChangeType.Updated, State = state, Audience = audience, OccurredAt = DateTime.UtcNow,
                            ClientScope = article.ClientScope,
                        };
                        Assert.True(AccessPolicy.ReaderMayHear(reader, change) == (reader.IsInternal || audience == Audience.Customer && AccessPolicy.InClientScope(reader, article.ClientKeys)), "hear: " + at);
                    }
        }
    }

    [Fact]
    public void A_client_list_is_refused_with_the_clients_field_named_when_a_name_is_blank_too_long_or_too_many()
    {
        ArticleEdit Edit(params string[] clients) => new() { Title = "t", Body = "b", Clients = clients };
        Assert.Empty(Edit("Contoso", "Fabrikam").Validate());
        Assert.Empty(new ArticleEdit { Title = "t", Body = "b" }.Validate());
        Assert.Contains("blank", Edit("Contoso", "  ").Validate()["clients"]);
        Assert.Contains("Client 2", Edit("Contoso", "  ").Validate()["clients"]);
        Assert.Contains("at most 100", Edit(new string('x', 101)).Validate()["clients"]);
        Assert.Contains("At most 20", Edit(Enumerable.Range(1, 21).Select(i => $"c{i}").ToArray()).Validate()["clients"]);
        Assert.Contains("U+202E", Edit("Contoso\u202E").Validate()["clients"]);
    }
}
