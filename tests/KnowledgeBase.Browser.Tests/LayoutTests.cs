using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Lifecycle;
using KnowledgeBase.Data.Articles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KnowledgeBase.Browser.Tests;

/// <summary>
/// Every main page, as every role and a customer, at a 1366 px desktop and a 390 px phone: the header stays one line
/// (each item too), and nothing reaches past the window's edge or runs out of its box (a long unbroken title, a long
/// e-mail address, a table). Screenshots of failing pages are kept (TestResults/screenshots/layout-*.png).
/// </summary>
public sealed class LayoutTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string LongTitle = "Printer_queue_error_0x0000011b_on_\\\\printserver01.corp.contoso.com\\Accounting-Floor3-HP-LaserJet-M404dn_after_KB5005565";

    private static readonly string[] Pages =
    [
        "/", "/?q=outlook%20password", "/?q=printer_queue_error", "/articles/kb-1001", "/articles/layout-long-title", "/articles/no-such-article",
        "/articles/new", "/articles/kb-1001/edit", "/intake", "/review", "/reports", "/reports/gaps", "/categories",
        "/admin/users", "/admin/api-keys", "/admin/search", "/admin/audit",
        "/proposals", "/proposals?view=decide", "/teams", "/admin/owners", "/admin/psa", "/account/notifications", "/admin/notifications",
        "/tickets/connectwise/layout/LAYOUT-4711", "/tickets/connectwise/layout/no-such-ticket", "/review/%28none%29", "/review/identity-team",
        "/reports/tickets", "/reports/searches?measure=zero-result&of=all", "/reports/links?resolved=true", "/reports/articles?rule=ReviewDue",
        "/reports/category/identity", "/reports/owner/identity-team", "/account/denied", "/account/password",
    ];

    public static TheoryData<string, int> Accounts()
    {
        var data = new TheoryData<string, int>();
        foreach (var account in new[] { "Candidate", "Contributor", "Publisher", "Coach", "KnowledgeDomainExpert", "Admin", "customer" })
            foreach (var width in new[] { 1366, 390 })
                data.Add(account, width);
        return data;
    }

    [Theory]
    [MemberData(nameof(Accounts))]
    public async Task Every_main_page_keeps_the_header_on_one_line_and_everything_inside_the_window(string account, int width)
    {
        await SeedAsync();
        var customer = account == "customer";
        var page = await fixture.SignedInPageAsync(customer ? KcsRole.Contributor : Enum.Parse<KcsRole>(account), width, width > 800 ? 900 : 844,
            customer ? Audience.Customer : Audience.Internal);
        await fixture.WaitForSearchIndexAsync();
        var failures = new List<string>();
        foreach (var path in Pages)
        {
            await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.Load });
            var problems = await page.EvaluateAsync<string[]>(LayoutProblemsScript);
            if (problems.Length == 0) continue;
            failures.Add($"{path}: {string.Join("; ", problems)}");
            await PageChecks.ScreenshotAsync(page, $"layout-{account}-{width}-{Name(path)}");
        }
        Assert.True(failures.Count == 0, $"{account} at {width} px:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task On_a_phone_a_drill_down_shows_each_row_as_a_card_of_named_lines()
    {
        await SeedAsync();
        var page = await fixture.SignedInPageAsync(KcsRole.Admin, 390, 844);
        await page.GotoAsync("/reports/searches");
        // The seeded search's row: the layout walk's own searches (/?q=…) are logged too and may come first.
        var row = page.Locator("table.report-table tbody tr", new() { HasText = "printer offline" }).First;
        await Assertions.Expect(row).ToContainTextAsync("printer offline");
        // Every cell spans the card (one line per column, not seven columns a few letters wide), led by its column's name.
        var cells = await row.EvaluateAsync<string[]>("""
            tr => [...tr.children].map(c => `${Math.round(c.getBoundingClientRect().width)}|${getComputedStyle(c, '::before').content}`)
            """);
        var rowWidth = (await row.BoundingBoxAsync())!.Width;
        Assert.All(cells, c => Assert.True(int.Parse(c.Split('|')[0]) >= rowWidth - 4, $"a cell is {c} of a {rowWidth:F0} px card"));
        Assert.Contains("\"Search words\"", cells[0]);
        Assert.Contains("\"When (UTC)\"", string.Join(" ", cells));
        await PageChecks.ScreenshotAsync(page, "layout-phone-searches-drill-down");
    }

    [Fact]
    public async Task On_a_phone_the_menu_button_opens_the_navigation_and_a_link_closes_it()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Admin, 390, 844);
        await page.GotoAsync("/reports");
        var header = await page.Locator(".site-header").BoundingBoxAsync();
        Assert.True(header!.Height <= 64, $"the phone header is {header.Height:F0} px tall");
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "Menu", Exact = true });
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "API keys" })).ToBeHiddenAsync();

        await menu.ClickAsync();
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys and webhooks" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Intake" })).ToBeHiddenAsync();
        await PageChecks.ScreenshotAsync(page, "layout-phone-menu-closed-after-navigation");
    }

    [Fact]
    public async Task On_a_desktop_admin_pages_and_sign_out_are_one_click_away_in_their_menus()
    {
        var page = await fixture.SignedInPageAsync(KcsRole.Admin, 1366, 900);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Admin", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys and webhooks" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Account:" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true })).ToBeHiddenAsync();
        await PageChecks.AssertAccessibleAsync(page, "header menus");
    }

    private static string Name(string path) => string.Concat(path.Select(c => char.IsLetterOrDigit(c) ? c : '_')).Trim('_') is { Length: > 0 } n ? n : "home";

    private async Task SeedAsync()
    {
        var store = fixture.Site.Services.GetRequiredService<ArticleStore>();
        if (await store.FindAsync("layout-long-title") is not null) return;
        // A search, so the reports draw a chart (its labels are checked too).
        await fixture.Site.Services.GetRequiredService<KnowledgeBase.Data.Tickets.ReuseLedger>().LogSearchAsync("layout-test", "layout-test", "printer offline", 3, null);
        // A ticket with a long unbroken subject and a link, so the ticket page draws its banner and linked list.
        var ledger = fixture.Site.Services.GetRequiredService<KnowledgeBase.Data.Tickets.ReuseLedger>();
        var ticket = new KnowledgeBase.Core.Tickets.TicketKey("connectwise", "layout", "LAYOUT-4711");
        await ledger.UpsertTicketAsync(new KnowledgeBase.Core.Tickets.TicketUpsert { Key = ticket, Subject = LongTitle, Description = "Queue stuck since " + LongTitle, Client = "Contoso-Accounting-Floor3-Printers-Long-Client-Name" });
        await ledger.LinkAsync(Actor.System, new KnowledgeBase.Core.Tickets.LinkRequest(ticket, "kb-1001", KnowledgeBase.Core.Tickets.LinkType.Reference));
        await store.CreateAsync(Actor.System, "layout-long-title", new ArticleEdit
        {
            Title = LongTitle,
            Body = $"## Issue\n{LongTitle} appears in the queue: `{LongTitle.Replace('_', '-')}`.\n\n## Resolution\nSee https://support.example.com/{new string('x', 120)}\n\n| Server | Error |\n|---|---|\n| {LongTitle} | 0x0000011b |\n",
            State = KcsState.Validated,
            Audience = Audience.Customer,
            Tags = ["printer_queue_error_0x0000011b_accounting_floor3"],
        });
    }

    /// <summary>What a person would trip on, as sentences; empty when the page is fine.</summary>
    private const string LayoutProblemsScript = """
        () => {
          const problems = [];
          const vw = document.documentElement.clientWidth;
          const visible = el => {
            // Skip links and text meant for screen readers only are off-screen or clipped on purpose.
            if (el.closest('.skip-link, .visually-hidden, .sr-only, #blazor-error-ui, #components-reconnect-modal, dialog:not([open])')) return false;
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
          };
          // Inside a box that scrolls or clips sideways (a wide table in its scroll region), overflow is that box's business.
          const clipped = el => {
            for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
              const x = getComputedStyle(a).overflowX;
              if (x !== 'visible') return true;
            }
            return false;
          };
          const describe = el => {
            const text = (el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
            return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.classList.length ? '.' + [...el.classList].join('.') : ''}>${text ? ' "' + text + '"' : ''}`;
          };
          const scroll = document.scrollingElement.scrollWidth;
          if (scroll > vw + 1) problems.push(`the page scrolls sideways (${scroll} px wide in a ${vw} px window)`);

          const header = document.querySelector('.site-header');
          if (header) {
            const height = header.getBoundingClientRect().height;
            if (height > 64) problems.push(`the header is ${Math.round(height)} px tall`);
            for (const item of header.querySelectorAll('a, button, .user-name')) {
              if (!visible(item)) continue;
              // The line boxes of the item's words: more than one line (tops further apart than half a line) is a wrap.
              const tops = [];
              const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const range = document.createRange();
                range.selectNodeContents(node);
                for (const r of range.getClientRects()) if (r.width > 0) tops.push(r.top);
              }
              const lineHeight = parseFloat(getComputedStyle(item).fontSize) || 16;
              if (tops.length > 1 && Math.max(...tops) - Math.min(...tops) > lineHeight / 2)
                problems.push(`header item ${describe(item)} wraps onto more than one line`);
            }
            const row = [...header.querySelectorAll(':scope > .brand, :scope > .menu-button, .menu-panel > nav > a, .menu-panel > nav > .dropdown > button, .account-button')]
              .filter(visible);
            const centers = row.map(el => { const r = el.getBoundingClientRect(); return r.top + r.height / 2; });
            if (centers.length > 1 && Math.max(...centers) - Math.min(...centers) > 6) problems.push('the header wraps onto a second row');
          }

          // Chart labels are drawn scaled with their chart: too small to read is a defect.
          for (const text of document.querySelectorAll('svg text')) {
            const svg = text.ownerSVGElement;
            if (!visible(svg) || !svg.viewBox.baseVal || svg.viewBox.baseVal.width === 0) continue;
            const size = parseFloat(getComputedStyle(text).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            if (size < 10) { problems.push(`chart label "${text.textContent}" is drawn at ${size.toFixed(1)} px`); break; }
          }
          // A check box sits on the line of its words, not above them.
          for (const box of document.querySelectorAll('label > input[type=checkbox], label > input[type=radio]')) {
            if (!visible(box)) continue;
            const words = [...box.parentElement.childNodes].filter(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
            if (words.length === 0) continue;
            const range = document.createRange();
            range.selectNodeContents(words[0]);
            const line = range.getBoundingClientRect();
            const b = box.getBoundingClientRect();
            if (b.bottom <= line.top || b.top >= line.bottom) { problems.push(`the check box of "${words[0].textContent.trim()}" is not on its line`); break; }
          }

          // A table squeezed into a phone reads a few letters per line: a narrow cell that needs more lines than it has
          // words is breaking its words apart (a long address alone in a wide cell may wrap).
          for (const cell of document.querySelectorAll('td, th')) {
            if (!visible(cell)) continue;
            const words = (cell.innerText || '').trim().split(/\s+/).filter(w => w.length > 0).length;
            if (words === 0) continue;
            const tops = new Set();
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const range = document.createRange();
              range.selectNodeContents(node);
              for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
            }
            if (tops.size > words + 1 && cell.getBoundingClientRect().width < 100) { problems.push(`table cell ${describe(cell)} breaks its words over ${tops.size} lines (${Math.round(cell.getBoundingClientRect().width)} px wide)`); break; }
          }

          for (const el of document.body.querySelectorAll('*')) {
            if (!visible(el) || clipped(el)) continue;
            const r = el.getBoundingClientRect();
            if (r.right > vw + 1 || r.left < -1) { problems.push(`${describe(el)} reaches past the window (${Math.round(r.left)}–${Math.round(r.right)} px of ${vw})`); continue; }
            const style = getComputedStyle(el);
            if (!['block', 'flex', 'grid', 'list-item', 'table-cell', 'inline-block', 'flow-root'].includes(style.display)) continue;
            // Only boxes that let their content show past their edge; a box that clips on purpose (an ellipsis) is fine.
            if (style.overflowX !== 'visible' || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) continue;
            if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
              problems.push(`${describe(el)} runs out of its box (${el.scrollWidth} px of content in ${el.clientWidth} px)`);
          }
          return [...new Set(problems)].slice(0, 12);
        }
        """;
}
