using System.Net;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Articles;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Web.Tests;

/// <summary>
/// Proposed revisions on the site over HTTP: the article page shows them to internal readers and lets those who may
/// decide accept or reject them; the author sees the outcome; customers see nothing of them.
/// </summary>
public sealed class ProposalPageTests(ProposalPageTests.SiteFixture fixture) : IClassFixture<ProposalPageTests.SiteFixture>
{
    public sealed class SiteFixture : IAsyncLifetime
    {
        public KnowledgeBaseSite Site { get; } = new();
        public (HttpClient Client, Actor Actor) Candidate { get; private set; }
        public (HttpClient Client, Actor Actor) Contributor { get; private set; }
        public (HttpClient Client, Actor Actor) Publisher { get; private set; }
        public (HttpClient Client, Actor Actor) Customer { get; private set; }

        public async Task InitializeAsync()
        {
            Candidate = await SignInAsync(KcsRole.Candidate);
            Contributor = await SignInAsync(KcsRole.Contributor);
            Publisher = await SignInAsync(KcsRole.Publisher);
            Customer = await SignInAsync(KcsRole.Publisher, Audience.Customer);
        }

        private async Task<(HttpClient, Actor)> SignInAsync(KcsRole role, Audience audience = Audience.Internal)
        {
            var email = $"{role.ToString().ToLowerInvariant()}-{audience.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..32] + "@test.local";
            await Site.CreateUserAsync(email, role, audience);
            var client = Site.CreateLoopbackClient();
            var response = await KnowledgeBaseSite.PostFormAsync(client, "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = KnowledgeBaseSite.Password });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return (client, new Actor(email, role));
        }

        public async Task DisposeAsync() => await Site.DisposeAsync();
    }

    private const string Body = "## Issue\nThe label printer prints blank labels.\n\n## Environment\nZebra ZD421, Windows 11.\n\n## Resolution\n1. Calibrate the media.\n2. Print a test label.\n";

    private ArticleStore Store => fixture.Site.Services.GetRequiredService<ArticleStore>();

    private async Task<Article> ArticleAsync(Audience audience = Audience.Internal) =>
        await Store.CreateAsync(new Actor("kim", KcsRole.KnowledgeDomainExpert), null, new ArticleEdit
        {
            Title = $"Label printer prints blank labels {Guid.NewGuid():N}"[..44] + " — Zebra", Body = Body, State = KcsState.Validated, Audience = audience,
            Categories = ["endpoint-printing"],
        });

    private async Task<ProposedRevision> ProposeAsync(Article article, string body, string note = "", Actor? by = null)
    {
        var outcome = await Store.UpdateAsync(by ?? fixture.Candidate.Actor, article.Id, article.Version, new ArticleEdit
        {
            Title = article.Title, Body = body, State = article.State, Audience = article.Audience, Categories = [.. article.CategoryIds], ChangeNote = note,
        });
        return outcome.Proposal ?? throw new InvalidOperationException(outcome.Message);
    }

    private static async Task<(HttpResponseMessage Response, string Page)> PostAsync(HttpClient client, string path, string articleId, Dictionary<string, string> fields)
    {
        var response = await KnowledgeBaseSite.PostFormAsync(client, path, null, fields, tokenPage: $"/articles/{articleId}");
        var page = response.StatusCode == HttpStatusCode.Redirect ? await client.GetStringAsync(response.Headers.Location!.OriginalString) : "";
        return (response, WebUtility.HtmlDecode(page));
    }

    [Fact]
    public async Task A_contributor_sees_a_waiting_proposal_with_its_author_note_and_diff_and_accepts_it_crediting_the_author()
    {
        var article = await ArticleAsync();
        var proposal = await ProposeAsync(article, Body + "3. Clean the print head.\n", note: "Step 3 fixed it on three tickets");

        var page = WebUtility.HtmlDecode(await fixture.Contributor.Client.GetStringAsync($"/articles/{article.Id}"));

        Assert.Contains("1 proposed edit waits for review", page);
        Assert.Contains($"Proposal #{proposal.Id} by {fixture.Candidate.Actor.Name}", page);
        Assert.Contains("Change note: “Step 3 fixed it on three tickets”", page);
        Assert.Contains("<span class=\"diff-added\"", page);
        Assert.Contains("+ 3. Clean the print head.", page);
        Assert.Contains($"action=\"proposals/{proposal.Id}/accept\"", page);
        Assert.Contains($"action=\"proposals/{proposal.Id}/reject\"", page);

        var (response, after) = await PostAsync(fixture.Contributor.Client, $"/proposals/{proposal.Id}/accept", article.Id, new() { ["seenVersion"] = "1", ["note"] = "Thanks!" });

        Assert.Equal($"/articles/{article.Id}", response.Headers.Location!.OriginalString.Split('?')[0]);
        Assert.EndsWith($"#proposal-{proposal.Id}", response.Headers.Location.OriginalString);
        Assert.Contains($"Accepted: the proposal by {fixture.Candidate.Actor.Name} is now version 2", after);
        Assert.Contains("3. Clean the print head.", (await Store.FindAsync(article.Id))!.Body);
        Assert.Contains($"{fixture.Candidate.Actor.Name}<div class=\"hint\">proposed; accepted by {fixture.Contributor.Actor.Name}</div>", after);
        Assert.DoesNotContain("proposed edit waits", after);
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_the_author_reads_it_on_the_article_and_in_their_proposals()
    {
        var article = await ArticleAsync();
        var proposal = await ProposeAsync(article, Body.Replace("1. Calibrate the media.", "1. Replace the printer.", StringComparison.Ordinal));

        var (_, missing) = await PostAsync(fixture.Contributor.Client, $"/proposals/{proposal.Id}/reject", article.Id, new() { ["reason"] = " " });
        Assert.Contains("Say why the proposal is rejected", missing);
        Assert.Contains("role=\"alert\"", missing);

        var (_, rejected) = await PostAsync(fixture.Contributor.Client, $"/proposals/{proposal.Id}/reject", article.Id, new() { ["reason"] = "Calibration fixes it; replacing is the last resort." });
        Assert.Contains($"Rejected the proposal by {fixture.Candidate.Actor.Name}", rejected);

        var authorsArticle = WebUtility.HtmlDecode(await fixture.Candidate.Client.GetStringAsync($"/articles/{article.Id}?proposal={proposal.Id}"));
        Assert.Contains($"Proposal #{proposal.Id} by {fixture.Candidate.Actor.Name} (yours)", authorsArticle);
        Assert.Contains($"Rejected by {fixture.Contributor.Actor.Name}", authorsArticle);
        Assert.Contains("Reason: “Calibration fixes it; replacing is the last resort.”", authorsArticle);
        var mine = WebUtility.HtmlDecode(await fixture.Candidate.Client.GetStringAsync("/proposals"));
        Assert.Contains(">Your proposals</h1>", mine);
        Assert.Contains("Reason: “Calibration fixes it; replacing is the last resort.”", mine);
        Assert.Contains($"href=\"/articles/{article.Id}?proposal={proposal.Id}#proposal-{proposal.Id}\"", mine);
    }

    [Fact]
    public async Task A_candidate_sees_proposals_but_no_decision_forms_and_a_forged_post_changes_nothing()
    {
        var article = await ArticleAsync();
        var proposal = await ProposeAsync(article, Body + "More.\n", by: new Actor("someone-else@test.local", KcsRole.Candidate));

        var page = WebUtility.HtmlDecode(await fixture.Candidate.Client.GetStringAsync($"/articles/{article.Id}"));
        Assert.Contains($"Proposal #{proposal.Id} by someone-else@test.local", page);
        Assert.DoesNotContain("/accept\"", page);
        Assert.Contains("A Contributor or above decides on these proposals.", page);

        var (_, after) = await PostAsync(fixture.Candidate.Client, $"/proposals/{proposal.Id}/accept", article.Id, new() { ["seenVersion"] = "1" });
        Assert.Contains("The Candidate role may not accept or reject proposed revisions", after);
        Assert.Equal(1, (await Store.FindAsync(article.Id))!.Version);
    }

    [Fact]
    public async Task A_contributor_may_not_decide_on_a_customer_article_but_a_publisher_may()
    {
        var article = await ArticleAsync(Audience.Customer);
        var proposal = await ProposeAsync(article, Body + "More.\n", by: fixture.Contributor.Actor);

        var contributors = WebUtility.HtmlDecode(await fixture.Contributor.Client.GetStringAsync($"/articles/{article.Id}"));
        Assert.DoesNotContain("/accept\"", contributors);
        Assert.Contains("A Publisher, a Knowledge Domain Expert or an Admin decides", contributors);
        Assert.Contains("(yours)", contributors);

        var (_, accepted) = await PostAsync(fixture.Publisher.Client, $"/proposals/{proposal.Id}/accept", article.Id, new() { ["seenVersion"] = "1" });
        Assert.Contains("is now version 2", accepted);
    }

    [Fact]
    public async Task Customers_see_nothing_of_proposals_anywhere()
    {
        var article = await ArticleAsync(Audience.Customer);
        var proposal = await ProposeAsync(article, Body + "Internal: call Zebra support line 555-0100.\n", note: "secret note", by: fixture.Contributor.Actor);
        await ProposeAsync(await ArticleAsync(Audience.Customer), Body + "x\n", by: fixture.Contributor.Actor);

        var page = await fixture.Customer.Client.GetStringAsync($"/articles/{article.Id}");
        Assert.Contains(article.Title, WebUtility.HtmlDecode(page));
        Assert.DoesNotContain("roposal", page);
        Assert.DoesNotContain("roposed", page);
        Assert.DoesNotContain("555-0100", page);
        Assert.DoesNotContain(fixture.Contributor.Actor.Name, page);

        // The list and the decisions are internal paths: the access policy refuses a customer before any proposal is read.
        AssertRefused(await fixture.Customer.Client.GetAsync("/proposals"));
        var post = await KnowledgeBaseSite.PostFormAsync(fixture.Customer.Client, $"/proposals/{proposal.Id}/accept", null, new() { ["seenVersion"] = "1" }, tokenPage: "/");
        AssertRefused(post);
        Assert.DoesNotContain("roposal", await post.Content.ReadAsStringAsync());
        Assert.Equal(1, (await Store.FindAsync(article.Id))!.Version);
    }

    private static void AssertRefused(HttpResponseMessage response)
    {
        var refused = response.StatusCode == HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Split('?')[0].EndsWith("/account/denied", StringComparison.Ordinal));
        Assert.True(refused, $"expected a refusal, got {(int)response.StatusCode} {response.Headers.Location}");
    }

    [Fact]
    public async Task An_outdated_proposal_shows_the_three_versions_and_applies_over_the_newer_one_only_when_confirmed()
    {
        var article = await ArticleAsync();
        var proposal = await ProposeAsync(article, Body.Replace("1. Calibrate the media.", "1. Calibrate the media from the printer's menu.", StringComparison.Ordinal));
        var newer = await Store.UpdateAsync(fixture.Publisher.Actor, article.Id, 1, new ArticleEdit
        {
            Title = article.Title, Body = Body.Replace("1. Calibrate the media.", "1. Calibrate the media (hold Feed for 2 s).", StringComparison.Ordinal),
            State = article.State, Categories = [.. article.CategoryIds],
        });

        var page = WebUtility.HtmlDecode(await fixture.Contributor.Client.GetStringAsync($"/articles/{article.Id}"));
        Assert.Contains("Written on version 1", page);
        Assert.Contains("The article changed since this proposal was written", page);
        Assert.Contains("Version 1 (proposal started here)", page);
        Assert.Contains("Version 2 (current)", page);
        Assert.Contains("conflict: both changed it differently", page);
        Assert.Contains("Apply as written as version 3", page);
        Assert.Contains("name=\"confirmReplace\"", page);

        var (_, unconfirmed) = await PostAsync(fixture.Contributor.Client, $"/proposals/{proposal.Id}/accept", article.Id, new() { ["seenVersion"] = "2", ["mode"] = "replace" });
        Assert.Contains("Nothing was changed: tick the box", unconfirmed);
        var (_, merged) = await PostAsync(fixture.Contributor.Client, $"/proposals/{proposal.Id}/accept", article.Id, new() { ["seenVersion"] = "2" });
        Assert.Contains("cannot be merged", merged);
        Assert.Equal(newer.Article.Version, (await Store.FindAsync(article.Id))!.Version);

        var (_, applied) = await PostAsync(fixture.Contributor.Client, $"/proposals/{proposal.Id}/accept", article.Id,
            new() { ["seenVersion"] = "2", ["mode"] = "replace", ["confirmReplace"] = "true" });
        Assert.Contains("is now version 3", applied);
        Assert.Contains("from the printer's menu", (await Store.FindAsync(article.Id))!.Body);
    }

    [Fact]
    public async Task Accepting_after_someone_saved_a_newer_version_changes_nothing_and_says_to_review_again()
    {
        var article = await ArticleAsync();
        var proposal = await ProposeAsync(article, Body + "3. Restart.\n");
        await Store.UpdateAsync(fixture.Publisher.Actor, article.Id, 1, new ArticleEdit
        {
            Title = article.Title, Body = "## Issue\nBlank labels.\n\n" + Body[(Body.IndexOf("## Environment", StringComparison.Ordinal))..], State = article.State, Categories = [.. article.CategoryIds],
        });

        var (_, page) = await PostAsync(fixture.Contributor.Client, $"/proposals/{proposal.Id}/accept", article.Id, new() { ["seenVersion"] = "1" });

        Assert.Contains("the article was saved again (now version 2)", page);
        Assert.Equal(2, (await Store.FindAsync(article.Id))!.Version);
        Assert.Contains("Accept, merged, as version 3", page);
    }

    [Fact]
    public async Task The_review_queue_links_each_proposal_to_where_it_is_decided()
    {
        await fixture.Site.CreateUserAsync("queue-owner@test.local", KcsRole.Contributor);
        var article = await Store.CreateAsync(new Actor("kim", KcsRole.KnowledgeDomainExpert), null, new ArticleEdit
        {
            Title = "Scanner to e-mail fails with SMTP 535 — Ricoh", Body = Body, State = KcsState.Validated, Categories = ["endpoint-printing"], Owner = "queue-owner@test.local",
        });
        var proposal = await ProposeAsync(article, Body + "3. Use an app password.\n", note: "app password");

        var queue = WebUtility.HtmlDecode(await fixture.Contributor.Client.GetStringAsync("/review/queue-owner@test.local"));

        Assert.Contains($"Proposed edit #{proposal.Id}</strong> by {fixture.Candidate.Actor.Name}", queue);
        Assert.Contains($"href=\"/articles/{article.Id}?proposal={proposal.Id}#proposal-{proposal.Id}\"", queue);
        Assert.Contains("href=\"proposals?view=decide\"", queue);
        var decide = WebUtility.HtmlDecode(await fixture.Contributor.Client.GetStringAsync("/proposals?view=decide"));
        Assert.Contains($"data-proposal=\"{proposal.Id}\"", decide);
        var candidatesQueue = WebUtility.HtmlDecode(await fixture.Candidate.Client.GetStringAsync("/review"));
        Assert.Contains("See your proposals", candidatesQueue);
    }
}
