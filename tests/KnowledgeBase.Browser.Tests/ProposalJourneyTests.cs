using System.Text.RegularExpressions;
using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Articles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>
/// A proposed revision's whole life in real Chromium: a Candidate proposes an edit of a Validated article in the
/// editor, a Contributor sees it on the article page with its diff and accepts it (the Candidate credited in the
/// history), a Publisher rejects another with a reason, and the Candidate reads both outcomes in their proposals.
/// </summary>
public sealed class ProposalJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Body = "## Issue\nOutlook keeps asking for the password after MFA was enabled.\n\n## Environment\nMicrosoft 365, Outlook for Windows.\n\n## Resolution\n1. Clear the cached credentials in Credential Manager.\n2. Sign in again.\n";

    [Fact]
    public async Task A_candidates_proposal_is_accepted_with_credit_another_is_rejected_and_the_candidate_reads_why()
    {
        var store = fixture.Site.Services.GetRequiredService<ArticleStore>();
        var article = await store.CreateAsync(new Actor("kim.expert", KcsRole.KnowledgeDomainExpert), null, new ArticleEdit
        {
            Title = "Outlook keeps prompting for a password after MFA — Microsoft 365", Body = Body, State = KcsState.Validated, Categories = ["email-outlook"],
        });

        // The Candidate edits the Validated article: the edit is kept as a proposal, and the confirmation leads to it.
        var candidate = await fixture.SignedInPageAsync(KcsRole.Candidate);
        await BrowserFixture.GotoInteractiveAsync(candidate, $"/articles/{article.Id}/edit");
        var candidateName = (await candidate.Locator(".user-name").InnerTextAsync()).Trim();
        await candidate.GetByLabel("Article (Markdown)").FillAsync(Body + "3. If it still asks, remove the Outlook profile and add it again.\n");
        await candidate.GetByLabel("Change note").FillAsync("Step 3 fixed it on two tickets");
        await candidate.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(candidate.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved as a proposed revision");
        await candidate.GetByRole(AriaRole.Link, new() { Name = "See your proposal" }).ClickAsync();
        var own = candidate.Locator("article.proposal").First;
        await Assertions.Expect(own).ToContainTextAsync($"by {candidateName} (yours)");
        await Assertions.Expect(own).ToContainTextAsync("Waiting for review");
        await Assertions.Expect(own.GetByRole(AriaRole.Button, new() { Name = "Reject" })).ToHaveCountAsync(0);

        // A Contributor sees it on the article page, with the change note and the diff, and accepts it.
        var contributor = await fixture.SignedInPageAsync(KcsRole.Contributor);
        await contributor.GotoAsync($"/articles/{article.Id}");
        await contributor.GetByRole(AriaRole.Link, new() { Name = "1 proposed edit waits for review" }).ClickAsync();
        var proposal = contributor.Locator("article.proposal").First;
        await Assertions.Expect(proposal).ToContainTextAsync($"by {candidateName}");
        await Assertions.Expect(proposal).ToContainTextAsync("Change note: “Step 3 fixed it on two tickets”");
        await Assertions.Expect(proposal.Locator(".diff-added")).ToContainTextAsync("+ 3. If it still asks, remove the Outlook profile");
        await PageChecks.AssertAccessibleAsync(contributor, "article page with a proposal");
        await PageChecks.ScreenshotAsync(contributor, "40-proposal-to-decide");
        await proposal.GetByLabel($"Note to {candidateName} (optional)").FillAsync("Thanks, confirmed on my ticket too.");
        await proposal.GetByRole(AriaRole.Button, new() { Name = "Accept as version 2" }).ClickAsync();

        await Assertions.Expect(contributor.GetByRole(AriaRole.Status)).ToContainTextAsync($"Accepted: the proposal by {candidateName} is now version 2");
        await Assertions.Expect(contributor.Locator(".article-body")).ToContainTextAsync("remove the Outlook profile and add it again");
        var latest = contributor.Locator(".revisions tbody tr").First;
        await Assertions.Expect(latest).ToContainTextAsync($"{candidateName}proposed; accepted by");
        await Assertions.Expect(latest).ToContainTextAsync("Step 3 fixed it on two tickets");
        await PageChecks.ScreenshotAsync(contributor, "41-proposal-accepted");

        // Another proposal of the Candidate's is rejected by a Publisher with a reason.
        var current = (await store.FindAsync(article.Id))!;
        var second = (await store.UpdateAsync(new Actor(candidateName, KcsRole.Candidate), article.Id, current.Version, new ArticleEdit
        {
            Title = current.Title, Body = current.Body.Replace("1. Clear the cached credentials in Credential Manager.", "1. Reinstall Office.", StringComparison.Ordinal),
            State = current.State, Categories = [.. current.CategoryIds], ChangeNote = "Reinstalling always works",
        })).Proposal!;
        var publisher = await fixture.SignedInPageAsync(KcsRole.Publisher);
        await publisher.GotoAsync($"/articles/{article.Id}#proposals");
        var toReject = publisher.Locator($"#proposal-{second.Id}");
        await Assertions.Expect(toReject.Locator(".diff-removed")).ToContainTextAsync("Clear the cached credentials");
        await toReject.GetByLabel($"Reason for rejecting ({candidateName} reads it)").FillAsync("Reinstalling Office takes an hour; clearing the credentials fixes it in minutes.");
        await toReject.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Assertions.Expect(publisher.GetByRole(AriaRole.Status)).ToContainTextAsync($"Rejected the proposal by {candidateName}");
        await Assertions.Expect(publisher.Locator(".article-body")).ToContainTextAsync("Clear the cached credentials");

        // The Candidate reads both outcomes among their proposals, on a desktop and on a phone.
        await candidate.GotoAsync("/review");
        await candidate.GetByRole(AriaRole.Link, new() { Name = "See your proposals" }).ClickAsync();
        await Assertions.Expect(candidate).ToHaveURLAsync(new Regex("/proposals$"));
        var rejected = candidate.Locator($"li[data-proposal='{second.Id}']");
        await Assertions.Expect(rejected).ToContainTextAsync("Rejected");
        await Assertions.Expect(rejected).ToContainTextAsync("Reason: “Reinstalling Office takes an hour; clearing the credentials fixes it in minutes.”");
        await Assertions.Expect(candidate.Locator("li[data-proposal]").Filter(new() { HasText = "Accepted by" })).ToContainTextAsync("as version 2. Note: “Thanks, confirmed on my ticket too.”");
        await PageChecks.AssertAccessibleAsync(candidate, "the candidate's proposals");
        await PageChecks.ScreenshotAsync(candidate, "42-my-proposals");
        await rejected.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(candidate.Locator($"#proposal-{second.Id}")).ToContainTextAsync("Reason: “Reinstalling Office takes an hour");
        await candidate.SetViewportSizeAsync(390, 844);
        await candidate.GotoAsync("/proposals");
        await PageChecks.AssertAccessibleAsync(candidate, "the candidate's proposals on a phone");
        await PageChecks.ScreenshotAsync(candidate, "43-my-proposals-phone");
        var overflow = await candidate.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the proposals list is wider than a phone's screen");

        // A waiting proposal with a long unbroken line (a stack trace) stays within a phone's width on the article page.
        current = (await store.FindAsync(article.Id))!;
        await store.UpdateAsync(new Actor(candidateName, KcsRole.Candidate), article.Id, current.Version, new ArticleEdit
        {
            Title = current.Title, Body = current.Body + "\nSeen with: System.Net.Http.HttpRequestException:ConnectionRefused(outlook.office365.com:443)at" + new string('x', 120) + "\n",
            State = current.State, Categories = [.. current.CategoryIds], ChangeNote = "Stack trace",
        });
        var phone = await fixture.SignedInPageAsync(KcsRole.Contributor, 390, 844);
        await phone.GotoAsync($"/articles/{article.Id}#proposals");
        await Assertions.Expect(phone.Locator("article.proposal")).ToHaveCountAsync(1);
        var sticksOut = await phone.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('#proposals, #proposals *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                    || (e.scrollWidth > e.clientWidth + 1 && !['auto', 'scroll'].includes(getComputedStyle(e).overflowX)))
                .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 40))
            """);
        Assert.True(sticksOut.Length == 0, "wider than a phone: " + string.Join(", ", sticksOut));
        await PageChecks.AssertAccessibleAsync(phone, "a proposal on a phone");
        await phone.Locator("#proposals").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "44-proposal-phone.png") });

        // The Candidate changes their mind about the waiting one: Withdraw in their proposals takes it off the reviewers' desks.
        await candidate.GotoAsync("/proposals?status=open");
        var waiting = candidate.Locator("li[data-proposal]").Filter(new() { HasText = "Stack trace" });
        await PageChecks.ScreenshotAsync(candidate, "45-my-proposal-waiting-phone");
        await waiting.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Withdraw proposal #") }).ClickAsync();
        await Assertions.Expect(candidate.GetByRole(AriaRole.Status)).ToContainTextAsync("Withdrawn: nobody needs to review this proposal any more");
        await Assertions.Expect(candidate.Locator("li.proposal-decided").Filter(new() { HasText = "Stack trace" })).ToContainTextAsync("Withdrawn by its author");
        await PageChecks.AssertAccessibleAsync(candidate, "a withdrawn proposal");
        await PageChecks.ScreenshotAsync(candidate, "46-my-proposal-withdrawn-phone");
        await phone.GotoAsync($"/articles/{article.Id}");
        await Assertions.Expect(phone.Locator("article.proposal")).ToHaveCountAsync(0);
        Assert.Empty(await store.OpenProposalsAsync(article.Id));
    }
}
