using KnowledgeBase.Core.Articles;
using KnowledgeBase.Search.Querying;
using static KnowledgeBase.Search.Tests.TestIndex;

namespace KnowledgeBase.Search.Tests;

/// <summary>Snippets, spelling suggestions, search-as-you-type, facets, paging and more-like-this.</summary>
public class FeatureTests
{
    [Fact]
    public void Snippet_marks_matched_words_and_encodes_the_rest()
    {
        using var index = new TestIndex(null, Doc("a", "Sign-in fails", "Users see a < b & c > d and an error 0x80070005 when signing in."));
        var hit = index.Search("signing error").Hits.Single();
        Assert.Contains("<mark>signing</mark>", hit.SnippetHtml);
        Assert.Contains("<mark>error</mark>", hit.SnippetHtml);
        Assert.Contains("a &lt; b &amp; c &gt; d", hit.SnippetHtml);
    }

    [Fact]
    public void Snippets_are_plain_text_without_markdown_or_docs_markup()
    {
        using var index = new TestIndex(null, [.. Filler(10), SearchDocument.FromMarkdown("md", "Outlook prompts for a password",
            "## Symptoms\n\n### Scenario 1\n\n**Outlook** keeps asking for the *password*.\n\n> [!NOTE]\n> Applies to `Outlook 2016`.\n\n"
            + ":::image type=\"content\" source=\"./media/prompt.png\" alt-text=\"Screenshot of the prompt.\":::\n\n"
            + "| Setting | Value |\n|---|---|\n| AlwaysUseMSOAuthForAutoDiscover | 1 |\n\n## Resolution\n\n1. Reset the [password](https://example.com).")]);
        var snippet = index.Search("outlook password prompt").Hits.Single().SnippetHtml;
        foreach (var markup in new[] { "**", "###", ":::", "[!", "`", "|", "](", "alt-text", "&lt;" })
            Assert.DoesNotContain(markup, snippet);
        Assert.Contains("<mark>Outlook</mark> keeps asking for the <mark>password</mark>", snippet);
        Assert.Contains("Note: Applies to <mark>Outlook</mark> 2016", snippet);
    }

    [Fact]
    public void Highlighting_is_correct_on_multi_byte_text()
    {
        var html = SnippetHighlighter.Highlight("Überprüfung 😀 0x80070005 café <ok>", new HashSet<string> { "80070005", "cafe" });
        Assert.Equal("Überprüfung 😀 <mark>0x80070005</mark> <mark>café</mark> &lt;ok&gt;", html);
    }

    [Fact]
    public void Highlighting_marks_exactly_the_tokens_the_full_analysis_chain_would_match()
    {
        const string text = "Users say the Exchange server's mailboxes stopped syncing; relational \"generalizations\" ays étés "
            + "Éléments café 0x80070005 outlook.exe ERR_SSL_PROTOCOL_ERROR kb5034441 win10 Event ID 4625 — hoping, hopped, "
            + "conditional configurations were configured by Администратор at 10:45; the spooler's queue (print-queue) crashed. "
            + "😀 emoji, naïve façade, IIS/ASP.NET 4.8, C:\\Windows\\System32\\drivers, user@contoso.com, \\\\server\\share$ "
            + "0xffffffff 0xDEADBEEF 0xd x64-based Wi-Fi sign-in IPv6 v2.0 KB5034441's won't o'clock ies eing a b X ZD421t T480s m404dn sha256sum";
        using var analyzer = new Analysis.ItAnalyzer(stem: true);
        var all = Analyze(analyzer, text).Select(t => t.Term).Distinct().ToList();
        var random = new Random(7);
        // Every term alone (the gates must let each through wherever it stands), then random sets of them.
        var sets = all.Select(t => new[] { t }.ToHashSet(StringComparer.Ordinal)).ToList();
        for (var round = 0; round < 200; round++)
            sets.Add(all.Where(_ => random.Next(4) == 0).Append("absent").Append(round % 2 == 0 ? "zzz" : "e").ToHashSet(StringComparer.Ordinal));
        foreach (var terms in sets)
        {
            var expected = new List<(int Start, int End)>();
            foreach (var (term, start, end) in Analyze(analyzer, text))
            {
                if (!terms.Contains(term)) continue;
                if (expected.Count > 0 && start < expected[^1].End) expected[^1] = (Math.Min(expected[^1].Start, start), Math.Max(expected[^1].End, end));
                else expected.Add((start, end));
            }

            Assert.Equal(expected, SnippetHighlighter.FindMatches(text, terms));
        }

        static List<(string Term, int Start, int End)> Analyze(Lucene.Net.Analysis.Analyzer analyzer, string text)
        {
            var tokens = new List<(string, int, int)>();
            using var stream = analyzer.GetTokenStream("text", text);
            var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
            var offset = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.IOffsetAttribute>();
            stream.Reset();
            while (stream.IncrementToken()) tokens.Add((term.ToString(), offset.StartOffset, offset.EndOffset));
            stream.End();
            return tokens;
        }
    }

    [Fact]
    public void The_snippet_comes_from_the_opening_when_it_matches_and_from_further_on_when_only_that_matches()
    {
        var filler = string.Concat(Enumerable.Repeat("lorem ipsum dolor ", 400));
        var text = "The spooler crashes at logon. " + filler + " Later the spooler and the driver and the queue all crash.";

        var early = SnippetHighlighter.Highlight(text, new HashSet<string> { "spooler" });
        var late = SnippetHighlighter.Highlight(text, new HashSet<string> { "driver" });

        Assert.StartsWith("The <mark>spooler</mark> crashes", early);
        Assert.Contains("the <mark>driver</mark> and", late);
        Assert.True(text.Length > SnippetHighlighter.OpeningLength + 200);
    }

    [Fact]
    public void A_snippet_from_the_head_of_the_text_is_the_snippet_of_the_whole_text_or_none()
    {
        // Texts around every edge the head path has: shorter than the head, the opening's end, the head's end (with a
        // surrogate pair across it), and matches in the opening, right at its end, only beyond it, or nowhere.
        var random = new Random(11);
        string[] words = ["lorem", "ipsum", "😀", "spooler", "driver", "queue", "printer", "token", "0x80070005", "sign-in"];
        var decided = 0;
        var fallbacks = 0;
        for (var round = 0; round < 400; round++)
        {
            var length = (round % 4) switch
            {
                0 => random.Next(10, SnippetHighlighter.HeadLength),
                1 => random.Next(SnippetHighlighter.OpeningLength - 50, SnippetHighlighter.OpeningLength + 300),
                2 => random.Next(SnippetHighlighter.HeadLength - 300, SnippetHighlighter.HeadLength + 50),
                _ => random.Next(SnippetHighlighter.HeadLength, 12_000),
            };
            // Every fifth text has a single match, somewhere late: the window sits at the opening's or the head's end.
            var sparse = round % 5 == 0;
            var text = new System.Text.StringBuilder();
            while (text.Length < length) text.Append(words[random.Next(sparse ? 3 : words.Length)]).Append(random.Next(9) == 0 ? "\n\n" : " ");
            if (sparse)
            {
                var from = Math.Min(text.Length - 1, SnippetHighlighter.OpeningLength - 200);
                var at = random.Next(from, Math.Min(text.Length, SnippetHighlighter.OpeningLength + 150));
                text.Insert(text.ToString().LastIndexOf(' ', at) + 1, "driver ");
            }
            var terms = new[] { "spooler", "driver", "queue", "printer", "token", "80070005", "sign" }
                .Where(_ => random.Next(5) == 0).Append("absent").ToHashSet(StringComparer.Ordinal);
            if (sparse) terms.Add("driver");
            var whole = text.ToString();

            // Longer windows than the default reach past the head.
            var window = round % 3 == 0 || sparse ? 900 : SnippetHighlighter.DefaultLength;

            var head = whole[..SnippetHighlighter.HeadEnd(whole)];
            var fromHead = SnippetHighlighter.Highlight(head, whole.Length, terms, window);
            if (fromHead is null) fallbacks++;
            else
            {
                decided++;
                Assert.Equal(SnippetHighlighter.Highlight(whole, terms, window), fromHead);
            }
            // The head of a text that fits whole is the text: always decided.
            if (whole.Length <= SnippetHighlighter.HeadLength) Assert.NotNull(fromHead);
        }
        Assert.True(decided > 200, $"only {decided} snippets came from the head");
        Assert.True(fallbacks > 0, "no case needed the rest of the text");
    }

    [Fact]
    public void A_word_found_only_beyond_the_head_of_a_long_article_still_makes_the_snippet()
    {
        var filler = string.Concat(Enumerable.Repeat("lorem ipsum dolor sit amet ", 300));
        using var index = new TestIndex(null, [.. Filler(5),
            TestIndex.Doc("long", "Spooler keeps stopping", "The spooler stops after a print job.", filler + " Finally reinstall the zebradriver package.")]);

        var early = index.Search("spooler stops").Hits.Single(h => h.Id == "long");
        var late = index.Search("zebradriver").Hits.Single(h => h.Id == "long");

        Assert.StartsWith("The <mark>spooler</mark> <mark>stops</mark>", early.SnippetHtml);
        Assert.Contains("reinstall the <mark>zebradriver</mark> package", late.SnippetHtml);
    }

    [Fact]
    public void An_index_written_before_snippet_heads_still_answers_without_snippets_while_it_is_rebuilt()
    {
        // Written as kb-index-2 did: the whole snippet text one stored field, no head doc values.
        using var index = new TestIndex();
        index.Index.Dispose();
        using (var directory = Lucene.Net.Store.FSDirectory.Open(index.Folder))
        using (var stemming = new Analysis.ItAnalyzer(stem: true))
        using (var pairs = new Analysis.ItAnalyzer(stem: true, bigrams: true, SearchIndexOptions.Default.MaxWordPairs))
        using (var spelling = new Analysis.ItAnalyzer(stem: false))
        {
            var analyzer = new Lucene.Net.Analysis.Miscellaneous.PerFieldAnalyzerWrapper(stemming, new Dictionary<string, Lucene.Net.Analysis.Analyzer>
            {
                [Indexing.SearchFields.Text] = pairs,
                [Indexing.SearchFields.Spell] = spelling,
            });
            using var writer = new Lucene.Net.Index.IndexWriter(directory, new Lucene.Net.Index.IndexWriterConfig(Analysis.ItAnalyzer.Version, analyzer));
            foreach (var source in Filler(3).Append(Doc("old", "Spooler keeps stopping", "The spooler stops after a print job.", "Reinstall the zebradriver package."))
                         .Append(Doc("twin", "Labels come out garbled", "Garbled labels.", "Reinstall the zebradriver package.")))
            {
                var document = Indexing.DocumentMapper.Map(source);
                document.RemoveFields(Indexing.SearchFields.SnippetHead);
                document.RemoveFields(Indexing.SearchFields.SnippetLength);
                document.RemoveFields(Indexing.SearchFields.SnippetRest);
                document.Add(new Lucene.Net.Documents.StoredField("snip", source.Issue + "\n\n" + source.Body));
                writer.AddDocument(document);
            }
            writer.Commit();
        }
        index.Reopen();

        var hit = index.Search("spooler stops").Hits.Single(h => h.Id == "old");

        // The old format's stored text is not read (the format check rebuilds such an index at once): found, no snippet.
        Assert.Equal("", hit.SnippetHtml);
        Assert.Equal("Spooler keeps stopping", hit.Title);
    }

    [Fact]
    public void Snippet_window_never_splits_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 400)) + " target " + string.Concat(Enumerable.Repeat("😀", 400));
        var html = SnippetHighlighter.Highlight(text, new HashSet<string> { "target" });
        Assert.Contains("<mark>target</mark>", html);
        for (var i = 0; i < html.Length; i++)
        {
            if (char.IsHighSurrogate(html[i])) Assert.True(i + 1 < html.Length && char.IsLowSurrogate(html[i + 1]));
            if (char.IsLowSurrogate(html[i])) Assert.True(i > 0 && char.IsHighSurrogate(html[i - 1]));
        }
    }

    [Fact]
    public void Did_you_mean_suggests_the_known_word()
    {
        using var index = new TestIndex(null, [.. Filler(10), Doc("pw", "Password expired for remote users", "The password expired while on VPN.")]);
        var results = index.Search("pasword expired");
        Assert.Equal("password expired", results.DidYouMean);
        Assert.Equal("pw", results.Hits.First().Id);
        Assert.Null(index.Search("password expired").DidYouMean);
    }

    [Fact]
    public void Did_you_mean_never_offers_a_customer_a_word_that_only_internal_articles_hold()
    {
        using var index = new TestIndex(null, [.. Filler(10),
            Doc("relay", "Quokkasecret relay rejects mail", "The quokkasecret relay rejects mail after renewal.", state: KcsState.Validated),
            Doc("pw", "Password expired for remote users", "The password expired while on VPN.", state: KcsState.Validated, audience: Audience.Customer)]);

        Assert.Equal("quokkasecret", index.Search("quokkasecrat").DidYouMean);
        Assert.Null(index.Search("quokkasecrat", r => r with { Reader = KnowledgeBase.Core.Access.Reader.Customer(null) }).DidYouMean);
        // A word a customer article holds is still offered to customers.
        Assert.Equal("password expired", index.Search("pasword expired", r => r with { Reader = KnowledgeBase.Core.Access.Reader.Customer(null) }).DidYouMean);
    }

    [Fact]
    public void Did_you_mean_never_offers_a_customer_a_word_that_only_another_clients_articles_hold()
    {
        using var index = new TestIndex(null, [.. Filler(10),
            Doc("globex-vpn", "Quokkasecret gateway drops the tunnel", "The quokkasecret gateway drops the tunnel.", state: KcsState.Validated,
                audience: Audience.Customer) with { Clients = ["Globex"] }]);

        // The filter searches use decides (DocFilter): a customer of another client is not told the word exists.
        Assert.Null(index.Search("quokkasecrat", r => r with { Reader = KnowledgeBase.Core.Access.Reader.Customer("Acme") }).DidYouMean);
        Assert.Equal("quokkasecret", index.Search("quokkasecrat", r => r with { Reader = KnowledgeBase.Core.Access.Reader.Customer("Globex") }).DidYouMean);
    }

    [Fact]
    public void Last_word_is_completed_when_typing()
    {
        using var index = new TestIndex(null, [.. Filler(10), Doc("pw", "Password expired for remote users", "The password expired while on VPN.")]);
        Assert.Equal("pw", index.Ids("remote passw", r => r with { PrefixLastTerm = true }).First());
        Assert.Equal("pw", index.Ids("expi", r => r with { PrefixLastTerm = true }).First());
    }

    [Fact]
    public void Facets_count_the_matches_by_category_state_tag_and_owner()
    {
        using var index = new TestIndex(null, [
            Doc("a", "Printer offline", state: KcsState.Validated, categories: ["printing"], tags: ["hp"], owner: "ana"),
            Doc("b", "Printer offline after update", categories: ["printing", "updates"], tags: ["canon", "hp"], owner: "ben"),
            Doc("c", "Scanner offline", categories: ["scanning"], tags: ["hp"], owner: "ana")]);
        var facets = index.Search("printer").Facets;
        Assert.Equal([new FacetValue("printing", 2), new FacetValue("updates", 1)], facets.Categories);
        Assert.Equal([new FacetValue("hp", 2), new FacetValue("canon", 1)], facets.Tags);
        Assert.Equal([new FacetValue("ana", 1), new FacetValue("ben", 1)], facets.Owners);
        Assert.Equal([new FacetValue("not-validated", 1), new FacetValue("validated", 1)], facets.States);
    }

    [Theory]
    [InlineData(KcsState.Wip)]
    [InlineData(KcsState.NotValidated)]
    [InlineData(KcsState.Validated)]
    [InlineData(KcsState.Archived)]
    public void The_index_stores_a_state_under_the_key_of_its_wire_name_and_reads_it_back(KcsState state)
    {
        // The index kept its own spelling ("notvalidated") beside the API's ("not-validated"); both now come from KcsNames,
        // and the stored terms did not change (no rebuild).
        Assert.Equal(state.Key(), Indexing.SearchFields.StateValue(state));
        Assert.Equal(state, Indexing.SearchFields.ParseState(Indexing.SearchFields.StateValue(state)));
        using var index = new TestIndex(null, [Doc("a", "Printer offline", state: state)]);
        var found = index.Search("printer", r => r with { States = [state] });
        Assert.Equal([new FacetValue(state.ToWire(), 1)], found.Facets.States);
    }

    [Fact]
    public void The_state_facet_offers_every_state_the_reader_may_see_whatever_state_is_chosen()
    {
        using var index = new TestIndex(null, [
            Doc("a", "Printer offline", state: KcsState.Validated),
            Doc("b", "Printer offline after update"),
            Doc("c", "Printer offline at intake", state: KcsState.Wip),
            Doc("d", "Printer offline in 2019", state: KcsState.Archived)]);
        var expected = new[] { KcsState.Archived, KcsState.NotValidated, KcsState.Validated, KcsState.Wip }
            .Select(s => new FacetValue(s.ToWire(), 1)).ToList();
        var byDefault = index.Search("printer");
        Assert.Equal(3, byDefault.TotalHits);
        Assert.Equal(expected, byDefault.Facets.States);
        var archived = index.Search("printer", r => r with { States = [KcsState.Archived] });
        Assert.Equal(["d"], archived.Hits.Select(h => h.Id));
        Assert.Equal(expected, archived.Facets.States);
    }

    [Fact]
    public void A_model_number_is_found_while_it_is_typed_and_by_its_base_model()
    {
        using var index = new TestIndex(null, [.. Filler(20),
            Doc("zd421t", "Zebra ZD421t prints faded labels", "The ZD421t prints faded labels: the ribbon is worn."),
            Doc("t480s", "ThinkPad T480s docking station not detected", "USB-C dock shows no displays.")]);
        Assert.Equal("zd421t", index.Ids("zd42", r => r with { PrefixLastTerm = true }).FirstOrDefault());
        Assert.Equal("zd421t", index.Ids("zebra zd421").FirstOrDefault());
        Assert.Equal("t480s", index.Ids("t480 dock").FirstOrDefault());
        Assert.Contains("<mark>ZD421t</mark>", index.Search("zd421").Hits.Single().SnippetHtml);
    }

    [Fact]
    public void Pages_follow_each_other_without_gaps_or_repeats()
    {
        using var index = new TestIndex(null, Enumerable.Range(0, 25).Select(i => Doc($"d{i:00}", $"Printer driver issue {i}", new string('x', i) + " printer")).ToArray());
        var all = index.Ids("printer", r => r with { Limit = 25 });
        var paged = Enumerable.Range(0, 3).SelectMany(p => index.Ids("printer", r => r with { Offset = p * 10, Limit = 10 })).ToList();
        Assert.Equal(25, index.Search("printer").TotalHits);
        Assert.Equal(all, paged);
        Assert.Equal(25, paged.Distinct().Count());
    }

    [Fact]
    public void Ticket_text_suggests_articles_and_their_category()
    {
        using var index = new TestIndex(null, [.. Filler(20),
            Doc("vpn-1", "VPN disconnects every hour", "The VPN tunnel drops every 60 minutes for remote users.", categories: ["network-vpn"]),
            Doc("vpn-2", "VPN client cannot reconnect after sleep", "After the laptop wakes up the VPN client fails to reconnect.", categories: ["network-vpn"]),
            Doc("mail", "Outlook keeps asking for password", "Outlook prompts for credentials repeatedly.", categories: ["email"])]);
        var suggestions = index.Service.SuggestForTicket("VPN keeps dropping",
            "Hi team, since Monday my VPN tunnel drops about every hour and I have to reconnect manually after the laptop wakes up. Thanks", null, KnowledgeBase.Core.Access.Reader.Internal, 5);
        Assert.StartsWith("vpn-", suggestions.Hits.First().Id);
        Assert.Equal("network-vpn", suggestions.SuggestedCategory);
        Assert.Equal("network-vpn", suggestions.Categories.First().CategoryId);
    }

    [Fact]
    public void Similar_finds_duplicates_but_not_the_article_itself()
    {
        using var index = new TestIndex(null, [.. Filler(20),
            Doc("orig", "Print spooler keeps stopping", "The print spooler service stops when printing PDF files."),
            Doc("dup", "Spooler service stops while printing", "Printing PDF files makes the print spooler stop."),
            Doc("draft", "Spooler stops on PDF print jobs", "Spooler service crashes printing PDFs.", state: KcsState.Wip)]);
        var similar = index.Service.Similar("Print spooler keeps stopping", "The print spooler service stops when printing PDF files.", "orig", KnowledgeBase.Core.Access.Reader.Internal, 5);
        Assert.DoesNotContain(similar, h => h.Id == "orig");
        Assert.Contains(similar, h => h.Id == "dup");
        Assert.Contains(similar, h => h.Id == "draft");

        var related = index.Service.SimilarTo("orig", KnowledgeBase.Core.Access.Reader.Internal, 5);
        Assert.Equal("dup", related.First().Id);
        Assert.DoesNotContain(related, h => h.Id is "orig" or "draft");
        Assert.Empty(index.Service.SimilarTo("missing", KnowledgeBase.Core.Access.Reader.Internal, 5));
    }
}
